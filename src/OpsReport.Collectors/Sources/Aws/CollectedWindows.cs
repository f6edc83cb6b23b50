using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Decides what an AWS stream must fetch for a window, from the stream's run records: a period is complete once a
/// succeeded run covered it and finished at least the settling time after the period ended (its data had arrived).
/// Run records are written only after the runner committed the points, so a crash between fetch and commit never
/// makes a period look complete. A complete window costs no API call; periods collected too early (still settling) or
/// only partly (a gap) shortly before the window are fetched again with it, which GetMetricData and Cost Explorer do
/// at no extra cost (they bill per metric or per request, not per period).
/// </summary>
internal sealed class CollectedWindows(IMetricStore store)
{
    // Run records read per decision; a stream writes one per committed window, so this spans months.
    private const int RunLookback = 20_000;

    /// <summary>The range to fetch for the window, or null when every period of it is complete.</summary>
    /// <param name="settle">How long after a period ends its data may still change.</param>
    /// <param name="reread">How far before the window incomplete, already attempted periods are fetched again.</param>
    /// <param name="notFinalFrom">Periods from here on are never complete (Cost Explorer's estimated days).</param>
    public async Task<TimeWindow?> PlanAsync(StreamId stream, TimeWindow window, TimeSpan step, TimeSpan settle, TimeSpan reread, CancellationToken cancellationToken, DateTimeOffset? notFinalFrom = null) =>
        (await PlanWithCoverageAsync(stream, window, step, settle, reread, cancellationToken, notFinalFrom))?.Fetch;

    /// <summary>
    /// As <see cref="PlanAsync"/>, with what earlier runs already completed, so a source can skip a day or week rollup
    /// whose period was complete before (its query ran with the run that completed it).
    /// </summary>
    public async Task<CollectionPlan?> PlanWithCoverageAsync(StreamId stream, TimeWindow window, TimeSpan step, TimeSpan settle, TimeSpan reread, CancellationToken cancellationToken, DateTimeOffset? notFinalFrom = null)
    {
        if (window.IsEmpty)
            return null;
        var runs = (await store.GetRunsAsync(stream.Environment, RunLookback, cancellationToken))
            .Where(r => r.Source == stream.Source && r.Stream == stream.Stream && !r.Window.IsEmpty)
            .ToList();
        var complete = new List<TimeWindow>();
        foreach (var run in runs)
        {
            if (run.Status != RunStatus.Succeeded || run.FinishedAt is not { } finished)
                continue;
            var settledUntil = Floor(finished - settle, step);
            if (notFinalFrom is { } nf && nf < settledUntil)
                settledUntil = nf;
            var end = run.Window.End < settledUntil ? run.Window.End : settledUntil;
            if (end > run.Window.Start)
                complete.Add(new TimeWindow(run.Window.Start, end));
        }

        var missing = Subtract(window, complete);
        if (missing.Count == 0)
            return null;
        var start = missing[0].Start;
        if (reread > TimeSpan.Zero)
        {
            var before = new TimeWindow(window.Start - reread, window.Start);
            // Only runs that ended left a gap: a run still in progress (the runner fetches the next window while the
            // previous one is written) is not a gap, and reading it again would scan every window twice.
            var attempted = runs.Where(r => r.FinishedAt is not null).Select(r => r.Window).ToList();
            foreach (var gap in Subtract(before, complete))
            {
                var again = Intersect(gap, attempted).FirstOrDefault();
                if (!again.IsEmpty && again.Start < start)
                    start = again.Start;
            }
        }
        return new CollectionPlan(new TimeWindow(start, window.End), complete);
    }

    /// <summary>The parts of the window no interval covers, in order.</summary>
    internal static List<TimeWindow> Subtract(TimeWindow window, IEnumerable<TimeWindow> covered)
    {
        var result = new List<TimeWindow>();
        var cursor = window.Start;
        foreach (var c in covered.Where(c => c.End > window.Start && c.Start < window.End).OrderBy(c => c.Start))
        {
            if (c.Start > cursor)
                result.Add(new TimeWindow(cursor, c.Start));
            if (c.End > cursor)
                cursor = c.End;
        }
        if (cursor < window.End)
            result.Add(new TimeWindow(cursor, window.End));
        return result;
    }

    private static IEnumerable<TimeWindow> Intersect(TimeWindow window, IEnumerable<TimeWindow> others) =>
        others.Where(o => o.End > window.Start && o.Start < window.End)
            .Select(o => new TimeWindow(o.Start > window.Start ? o.Start : window.Start, o.End < window.End ? o.End : window.End))
            .OrderBy(o => o.Start);

    private static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan step)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new DateTimeOffset(instant.UtcTicks - (((ticks % step.Ticks) + step.Ticks) % step.Ticks), TimeSpan.Zero);
    }
}

/// <summary>The range a stream fetches now, and the windows earlier runs completed (settled, succeeded).</summary>
internal sealed record CollectionPlan(TimeWindow Fetch, IReadOnlyList<TimeWindow> Complete)
{
    /// <summary>Whether earlier runs completed the whole period.</summary>
    public bool IsComplete(TimeWindow period) => CollectedWindows.Subtract(period, Complete).Count == 0;
}
