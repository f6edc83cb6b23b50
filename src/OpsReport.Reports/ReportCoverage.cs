using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Reports;

/// <summary>
/// Works out, from the store's run records and watermarks, which hours of a period each source stream is missing: what a
/// report prints on its cover instead of silently showing partial numbers as if they were complete.
/// </summary>
public static class ReportCoverage
{
    /// <summary>Collection works on complete hours and runs every few minutes: the last two hours are not a gap yet.</summary>
    public static readonly TimeSpan CollectionLag = TimeSpan.FromHours(2);

    // Enough for months of runs at the default interval; older periods are judged on what is loaded.
    private const int RunLimit = 20_000;

    public static async Task<IReadOnlyList<StreamCoverage>> ComputeAsync(IMetricStore store, string environment, TimeWindow period, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var runs = await store.GetRunsAsync(environment, RunLimit, cancellationToken);
        var allRunsLoaded = runs.Count < RunLimit;
        var watermarks = (await store.GetWatermarksAsync(cancellationToken)).Where(kv => kv.Key.Environment == environment).ToDictionary(kv => (kv.Key.Source, kv.Key.Stream), kv => kv.Value);
        var streams = runs.Select(r => (r.Source, r.Stream)).Concat(watermarks.Keys).Distinct()
            .OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Stream, StringComparer.Ordinal).ToList();

        var expectedEnd = Min(period.End, TimeWindow.FloorToHour(now) - CollectionLag);
        var result = new List<StreamCoverage>();
        foreach (var (source, stream) in streams)
        {
            var name = source + "/" + stream;
            var mine = runs.Where(r => r.Source == source && r.Stream == stream).ToList();
            var inPeriod = mine.Where(r => r.Window.Start < period.End && r.Window.End > period.Start).ToList();
            var gaps = new List<DataGap>();

            foreach (var failed in inPeriod.Where(r => r.Status is RunStatus.Failed or RunStatus.Partial))
            {
                // What a later successful run collected again is no longer missing.
                var redone = mine.Where(s => s.Status == RunStatus.Succeeded && s.StartedAt > failed.StartedAt).Select(s => s.Window).ToList();
                foreach (var missing in Subtract(Clip(failed.Window, period), redone))
                    gaps.Add(new DataGap(name, missing, GapReason.Failed, failed.Error, null));
            }

            var until = watermarks.TryGetValue((source, stream), out var w) ? w : (DateTimeOffset?)null;
            var succeeded = mine.Where(r => r.Status == RunStatus.Succeeded).ToList();
            if (allRunsLoaded && succeeded.Count > 0 && succeeded.Min(r => r.Window.Start) is var first && first > period.Start)
                gaps.Add(new DataGap(name, new TimeWindow(period.Start, Min(first, period.End)), GapReason.NotCollected, null, until));
            if (expectedEnd > period.Start)
            {
                if (until is null && succeeded.Count == 0)
                    gaps.Add(new DataGap(name, new TimeWindow(period.Start, expectedEnd), GapReason.NotCollected, null, null));
                else if (until is { } u && u < expectedEnd)
                    gaps.Add(new DataGap(name, new TimeWindow(Max(u, period.Start), expectedEnd), GapReason.NotYet, null, u));
            }

            result.Add(new StreamCoverage(source, stream, until, inPeriod.Count, inPeriod.Count(r => r.Status is RunStatus.Failed or RunStatus.Partial), Merge(gaps)));
        }
        return result;
    }

    private static TimeWindow Clip(TimeWindow window, TimeWindow to) =>
        new(Max(window.Start, to.Start), Max(Max(window.Start, to.Start), Min(window.End, to.End)));

    private static IEnumerable<TimeWindow> Subtract(TimeWindow window, IReadOnlyList<TimeWindow> covered)
    {
        var pieces = new List<TimeWindow> { window };
        foreach (var c in covered)
        {
            var next = new List<TimeWindow>();
            foreach (var p in pieces)
            {
                if (c.End <= p.Start || c.Start >= p.End)
                {
                    next.Add(p);
                    continue;
                }
                if (c.Start > p.Start)
                    next.Add(new TimeWindow(p.Start, c.Start));
                if (c.End < p.End)
                    next.Add(new TimeWindow(c.End, p.End));
            }
            pieces = next;
        }
        return pieces.Where(p => !p.IsEmpty);
    }

    /// <summary>Overlapping or touching gaps of the same kind become one.</summary>
    private static IReadOnlyList<DataGap> Merge(List<DataGap> gaps)
    {
        var result = new List<DataGap>();
        foreach (var gap in gaps.Where(g => !g.Window.IsEmpty).OrderBy(g => g.Window.Start))
        {
            if (result.Count > 0 && result[^1] is var last && last.Reason == gap.Reason && gap.Window.Start <= last.Window.End)
                result[^1] = last with { Window = new TimeWindow(last.Window.Start, Max(last.Window.End, gap.Window.End)) };
            else
                result.Add(gap);
        }
        return result;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
