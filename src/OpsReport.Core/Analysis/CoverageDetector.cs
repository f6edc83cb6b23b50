using OpsReport.Core.Domain;
using OpsReport.Core.Slos;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Coverage: what OpsReport cannot see, said once per kind of gap (not once per series): sources whose last run failed,
/// services with no memory data, paths and tenants whose latency data stopped, log groups that never expire, and SLOs
/// no source can count (one finding per SLO, naming the reason).
/// </summary>
public static class CoverageDetector
{
    // Sources such as Logs Insights write rows only for tenants and paths that had requests, so a quiet weekend or a
    // five-day holiday leaves no points; a week of silence after earlier data is a gap worth saying (or a lost customer).
    private static readonly TimeSpan Stale = TimeSpan.FromDays(7);
    private const int MaxListed = 5;

    /// <summary>The subject of the coverage finding of one SLO.</summary>
    public static string SloSubject(string sloName) => "slo:" + sloName;

    public static IReadOnlyList<Finding> Detect(string environment, CoverageInput input, DateTimeOffset now, IReadOnlyList<SloCoverageGap>? sloGaps = null)
    {
        var findings = new List<Finding>();
        foreach (var run in input.LastRuns.Where(r => r.Status == RunStatus.Failed))
        {
            findings.Add(Make(environment, $"source:{run.Source}/{run.Stream}", run.StartedAt, Severity.Warning, "source",
                Truncate(run.Error ?? "no error recorded", 200), 1, now, "?env=" + Uri.EscapeDataString(environment)));
        }

        var noMemory = input.ServicesSeen.Except(input.ServicesWithMemory).Order(StringComparer.Ordinal).ToList();
        if (noMemory.Count > 0)
            findings.Add(Make(environment, "memory-services", now, Severity.Info, "memory-services", List(noMemory), noMemory.Count, now, "#panel-memory"));

        foreach (var (category, tenants) in new[] { ("latency-paths", false), ("latency-tenants", true) })
        {
            var stale = input.LatencyLastSeen
                .Where(kv => (kv.Key.Tenant is not null) == tenants && kv.Value < now - Stale)
                .OrderBy(kv => kv.Value)
                .ToList();
            if (stale.Count == 0)
                continue;
            var names = stale.Select(kv => tenants ? $"{kv.Key.Tenant} {kv.Key.Path}" : kv.Key.Path).ToList();
            findings.Add(Make(environment, category, stale[0].Value, Severity.Info, category, List(names), stale.Count, now,
                tenants ? "#panel-slow_tenants" : "#panel-latency"));
        }

        var forever = input.Retention.Where(kv => kv.Value is null).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        if (forever.Count > 0)
            findings.Add(Make(environment, "log-retention", now, Severity.Info, "log-retention", List(forever), forever.Count, now, "#panel-log_volume"));

        foreach (var gap in sloGaps ?? [])
        {
            var finding = Make(environment, SloSubject(gap.Slo.Name), now, Severity.Info, "slo", gap.Reason, 1, now, "slos?env=" + Uri.EscapeDataString(environment));
            var labels = new Dictionary<string, string>(finding.Labels)
            {
                [Facts.LabelSlo] = gap.Slo.Name,
                [Facts.LabelSloTitle] = gap.Slo.Title,
                [Facts.LabelSloScope] = (gap.Slo.Service is null ? "" : gap.Slo.Service + " ") + gap.Slo.Path,
            };
            if (gap.Slo.TitleJa is { } ja)
                labels[Facts.LabelSloTitleJa] = ja;
            if (gap.Slo.Threshold is { } threshold)
                labels[Facts.LabelSloThresholdMs] = SloThresholdDimension.Of(threshold);
            findings.Add(finding with { Labels = labels });
        }
        return findings;
    }

    private static Finding Make(string env, string subject, DateTimeOffset start, Severity severity, string category, string detail, int count,
        DateTimeOffset now, string anchor) =>
        new(env, FindingKind.Coverage, subject, start, null, severity, FindingState.Open, "", "",
            new Dictionary<string, double> { [Facts.Count] = count },
            anchor.StartsWith('#') ? $"/?env={Uri.EscapeDataString(env)}&range=7d{anchor}" : "/" + anchor, now)
        {
            Labels = new Dictionary<string, string> { [Facts.LabelCoverage] = category, [Facts.LabelDetail] = detail },
        };

    private static string List(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(MaxListed)) + (names.Count > MaxListed ? $" (+{names.Count - MaxListed})" : "");

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
