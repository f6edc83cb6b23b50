using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Merges what the detectors see now with the stored findings of an environment. Identity is (environment, kind,
/// subject), so a re-run updates rather than adds; an open finding the detectors looked at and no longer see is resolved;
/// one they could not look at (its data is missing) is left as it was, because missing is not "back to normal".
/// </summary>
public static class FindingLifecycle
{
    /// <param name="existing">Stored findings of the environment (any state).</param>
    /// <param name="detected">What the detectors report now, open or recently ended.</param>
    /// <param name="assessed">Ids of every finding the detectors were able to judge in this run.</param>
    /// <returns>The findings to upsert.</returns>
    public static IReadOnlyList<Finding> Merge(IReadOnlyList<Finding> existing, IReadOnlyList<Finding> detected, IReadOnlySet<string> assessed, DateTimeOffset now)
    {
        var stored = existing.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var result = new List<Finding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in detected)
        {
            if (!seen.Add(candidate.Id))
                continue;
            var f = candidate with { UpdatedAt = now };
            // A coverage gap is dated from when it was first seen; other findings are dated by their data.
            if (stored.TryGetValue(f.Id, out var before) && before.State == FindingState.Open && f.Kind == FindingKind.Coverage && before.Start < f.Start)
                f = f with { Start = before.Start };
            result.Add(f);
        }
        foreach (var open in existing.Where(f => f.State == FindingState.Open && !seen.Contains(f.Id) && assessed.Contains(f.Id)))
            result.Add(open with { State = FindingState.Resolved, End = TimeWindow.FloorToHour(now), UpdatedAt = now });
        return result;
    }
}
