using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Core.Panels;

/// <summary>
/// Builds <see cref="IncidentData"/> from the store for any window up to <see cref="MaxWindow"/>: hourly series up to a
/// week, day rollups beyond (percentiles are read at the resolution shown, never averaged). Store only.
/// </summary>
public sealed class IncidentQuery(IMetricStore store, TenantDirectory tenants, ZoneCalendar calendar, IDeployStore? deploys = null)
{
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    /// <summary>Above this length the view switches from hourly points to local days.</summary>
    public static readonly TimeSpan MaxHourlyWindow = TimeSpan.FromDays(7);

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>Below this many requests in the window a tenant's p95 is too thin to call it affected.</summary>
    public const int MinRequests = PanelQueries.MinRequestsForRanking;

    public async Task<IncidentData> BuildAsync(string environment, TimeWindow window, DateTimeOffset now, CancellationToken ct = default)
    {
        var step = window.Duration > MaxHourlyWindow ? Resolution.Day : Resolution.Hour;
        var lastWeek = window.Shift(-Week);
        var span = new TimeWindow(lastWeek.Start, window.End);
        // Every read is independent of the others: started side by side (SQLite's "async" calls complete synchronously,
        // hence Task.Run), the view waits for the slowest read rather than for the sum of them.
        var pathDims = new[] { (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent) };
        var cellDims = new[] { (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Any) };
        Task<IReadOnlyList<SeriesPoints>> Read(string metric, (string, string)[] dims, TimeWindow over) =>
            Task.Run(() => store.QueryAsync(new SeriesFilter(metric, step, dims), over, ct), ct);
        var cellP95Read = Read(Metrics.LatencyP95, cellDims, span);
        var cellRequestsRead = Read(Metrics.Requests, cellDims, window);
        var pathP95Read = Read(Metrics.LatencyP95, pathDims, span);
        var pathRequestsRead = Read(Metrics.Requests, pathDims, span);
        var pathErrorsRead = Read(Metrics.Errors, pathDims, span);
        var memoryRead = Task.Run(() => MemoryAsync(environment, window, lastWeek, step, ct), ct);
        var logsRead = Task.Run(() => LogsAsync(environment, window, lastWeek, step, ct), ct);
        var runsRead = Task.Run(() => store.GetRunsAsync(environment, 2000, ct), ct);
        var releasedRead = deploys is null ? Task.FromResult<IReadOnlyList<Deploy>>([])
            : Task.Run(() => deploys.ListAsync(environment, new TimeWindow(window.Start - DeployAttribution.Reach, window.End), null, ct), ct);
        var names = await tenants.GetNamesAsync(environment, ct);

        var findings = (await store.GetFindingsAsync(environment, null, ct))
            .Where(f => f.Start < window.End && (f.End ?? now) >= window.Start)
            .OrderByDescending(f => f.State == FindingState.Open).ThenByDescending(f => f.Severity).ThenBy(f => f.Start)
            .ToList();

        // Latency: path level (all tenants) and (path, tenant) cells.
        var pathP95 = await pathP95Read;
        var pathRequests = ByPath(await pathRequestsRead);
        var pathErrors = ByPath(await pathErrorsRead);
        var cellP95 = await cellP95Read;
        var cellRequestPoints = new Dictionary<(string, string), IReadOnlyList<Point>>();
        foreach (var s in await cellRequestsRead)
            cellRequestPoints.Add((s.Key[Dims.Path]!, s.Key[Dims.Tenant]!), s.Points);
        var cellRequests = new Dictionary<(string, string), double?>(cellRequestPoints.Count);
        foreach (var (key, points) in cellRequestPoints)
            cellRequests[key] = ViewMath.Sum(points);

        var paths = new List<IncidentPath>();
        foreach (var s in pathP95)
        {
            var path = s.Key[Dims.Path]!;
            var (cur, before) = Split(s.Points, window, lastWeek);
            var req = pathRequests.GetValueOrDefault(path) ?? [];
            var err = pathErrors.GetValueOrDefault(path) ?? [];
            var p95 = ViewMath.LowerMedian(cur.Select(p => p.Value));
            var p95Before = ViewMath.LowerMedian(before.Select(p => p.Value));
            paths.Add(new IncidentPath(path, p95, p95Before, ViewMath.Ratio(p95, p95Before), ViewMath.Max(cur), ViewMath.Max(before),
                ViewMath.Sum(req.Where(p => window.Contains(p.Timestamp))), ViewMath.Sum(req.Where(p => lastWeek.Contains(p.Timestamp))),
                ViewMath.Sum(err.Where(p => window.Contains(p.Timestamp))), ViewMath.Sum(err.Where(p => lastWeek.Contains(p.Timestamp))),
                Onset(cur, before, window), cur, before));
        }
        paths = paths
            .OrderByDescending(p => (p.Requests ?? 0) >= MinRequests ? p.Ratio ?? 0 : 0)
            .ThenByDescending(p => p.Requests ?? 0).ThenBy(p => p.Path, StringComparer.Ordinal)
            .ToList();

        var cells = cellP95.Select(s =>
        {
            var (cur, before) = Split(s.Points, window, lastWeek);
            var key = (Path: s.Key[Dims.Path]!, Tenant: s.Key[Dims.Tenant]!);
            return (key.Path, key.Tenant, Cur: cur, Before: before, P95: ViewMath.LowerMedian(cur.Select(p => p.Value)),
                P95Before: ViewMath.LowerMedian(before.Select(p => p.Value)), Requests: cellRequests.GetValueOrDefault(key));
        }).ToList();
        var tenantRows = new List<IncidentTenant>();
        foreach (var byPath in cells.GroupBy(c => c.Path))
        {
            // The one comparison (TenantComparison), over the window's typical hourly p95; the chart's line is the same
            // tenants' lower median step by step.
            var values = byPath.Select(c => new TenantValue(c.Tenant, c.P95, c.Requests)).ToList();
            var compared = TenantComparison.Compare(values);
            var baseline = TenantComparison.Rankable(values).Select(t => t.Tenant).ToHashSet(StringComparer.Ordinal);
            var lines = byPath.Select(c => (c.Tenant, Points: c.Cur)).ToList();
            var othersLines = TenantComparison.OthersLines(lines, byPath.Where(c => baseline.Contains(c.Tenant)).Select(c => c.Tenant), baseline);
            foreach (var c in byPath.Where(c => baseline.Contains(c.Tenant)))
            {
                var vs = compared[c.Tenant];
                var onset = Onset(c.Cur, c.Before, window);
                var others = othersLines[c.Tenant];
                var requestPoints = cellRequestPoints.GetValueOrDefault((c.Path, c.Tenant)) ?? [];
                tenantRows.Add(new IncidentTenant(c.Tenant, names.GetValueOrDefault(c.Tenant, c.Tenant), c.Path, c.P95, c.P95Before,
                    ViewMath.Ratio(c.P95, c.P95Before), vs.OthersP95, vs.Ratio, c.Requests, onset, c.Cur, c.Before)
                {
                    OthersPoints = others,
                    Shift = Shift(onset, step, c.Cur, c.Before, others, requestPoints),
                });
            }
        }
        tenantRows = tenantRows.OrderByDescending(t => t.IsAffected).ThenByDescending(t => t.Severity).ThenByDescending(t => t.Requests ?? 0)
            .ThenBy(t => t.Id, StringComparer.Ordinal).ToList();

        var requests = Totals(pathRequests.Values, window, lastWeek);
        var errors = Totals(pathErrors.Values, window, lastWeek);
        var memory = await memoryRead;
        var logs = await logsRead;
        var signalGaps = new Dictionary<IncidentSignal, IReadOnlyList<CollectionGap>>
        {
            [IncidentSignal.Latency] = Holes(window, step, pathP95.SelectMany(s => s.Points), now),
            [IncidentSignal.Requests] = Holes(window, step, requests.CurrentPoints, now),
            [IncidentSignal.Memory] = Holes(window, step, memory.SelectMany(m => m.Current), now),
            [IncidentSignal.Logs] = Holes(window, step, logs.SelectMany(l => l.Current), now),
        };
        var gaps = Gaps(await runsRead, window, step, signalGaps, now);

        var released = await releasedRead;
        return new IncidentData(environment, window, lastWeek, step, paths, tenantRows, requests, errors, memory, logs, findings, gaps,
            Since(findings, tenantRows, paths)) { Deploys = released, SignalGaps = signalGaps };
    }

    /// <summary>
    /// Since when: a latency finding about the worst tenant or path gives its start; otherwise the data's own onset.
    /// </summary>
    private static IncidentOnset? Since(IReadOnlyList<Finding> findings, IReadOnlyList<IncidentTenant> tenantRows, IReadOnlyList<IncidentPath> paths)
    {
        var tenant = tenantRows.FirstOrDefault(t => t.IsAffected);
        var path = tenant?.Path ?? paths.FirstOrDefault(p => p.Ratio >= IncidentTenant.RatioThreshold)?.Path;
        var finding = findings.FirstOrDefault(f => f.Kind is FindingKind.SlowTenant or FindingKind.LatencyRegression
            && (tenant is null || Mentions(f, tenant.Id)) && (path is null || Mentions(f, path)));
        if (finding is not null)
            return new IncidentOnset(finding.Start, FromFinding: true, AtWindowStart: false);
        if (tenant?.Onset is { } t)
            return t;
        return paths.FirstOrDefault(p => p.Path == path)?.Onset;
    }

    private static bool Mentions(Finding f, string word) =>
        f.Subject == word || f.Labels.Values.Any(v => v == word || v.Contains(word, StringComparison.Ordinal));

    /// <summary>
    /// The first step from which the series stayed above <see cref="IncidentTenant.RatioThreshold"/> × the same step last week
    /// for most of the following steps (one high hour is a blip, not an onset).
    /// </summary>
    private static IncidentOnset? Onset(IReadOnlyList<Point> current, IReadOnlyList<Point> lastWeek, TimeWindow window)
    {
        var before = new Dictionary<DateTimeOffset, double>(lastWeek.Count);
        foreach (var p in lastWeek)
            before[p.Timestamp + Week] = p.Value;
        var high = new bool[current.Count];
        for (var i = 0; i < current.Count; i++)
            high[i] = before.TryGetValue(current[i].Timestamp, out var b) && b > 0 && current[i].Value >= IncidentTenant.RatioThreshold * b;
        for (var i = 0; i < high.Length; i++)
        {
            if (!high[i])
                continue;
            // This step and the (up to) five after it.
            var count = Math.Min(6, high.Length - i);
            var highs = 0;
            for (var j = i; j < i + count; j++)
                highs += high[j] ? 1 : 0;
            if (count >= 2 && highs * 3 >= count * 2)
                return new IncidentOnset(current[i].Timestamp, FromFinding: false, AtWindowStart: current[i].Timestamp <= window.Start);
        }
        return null;
    }

    /// <summary>
    /// The tenant since its onset inside the window against itself before the onset (the earlier part of the window and
    /// the week before it) and against the other tenants over the same steps. A slowdown covering less than half of a
    /// long window leaves the window's median untouched; judged from its onset it is seen. Needs
    /// <see cref="IncidentShift.MinHours"/> of steps and <see cref="MinRequests"/> requests since the onset, so a few
    /// noisy hours at the end of a window are not a shift.
    /// </summary>
    private static IncidentShift? Shift(IncidentOnset? onset, Resolution step, IReadOnlyList<Point> current, IReadOnlyList<Point> lastWeek,
        IReadOnlyList<Point> others, IReadOnlyList<Point> requests)
    {
        if (onset is not { AtWindowStart: false } o)
            return null;
        var after = current.Where(p => p.Timestamp >= o.At).ToList();
        var stepHours = step == Resolution.Day ? 24 : 1;
        if (after.Count * stepHours < IncidentShift.MinHours || ViewMath.Sum(requests.Where(p => p.Timestamp >= o.At)) is not >= MinRequests)
            return null;
        var p95 = ViewMath.LowerMedian(after.Select(p => p.Value));
        var before = ViewMath.LowerMedian(lastWeek.Concat(current.Where(p => p.Timestamp < o.At)).Select(p => p.Value));
        var othersSince = ViewMath.LowerMedian(others.Where(p => p.Timestamp >= o.At).Select(p => p.Value));
        return new IncidentShift(o.At, p95, before, ViewMath.Ratio(p95, before), othersSince, ViewMath.Ratio(p95, othersSince));
    }

    private static (IReadOnlyList<Point> Current, IReadOnlyList<Point> LastWeek) Split(IReadOnlyList<Point> points, TimeWindow window, TimeWindow lastWeek)
    {
        // One pass over the two weeks (a view splits hundreds of series).
        var current = new List<Point>(points.Count / 2 + 1);
        var before = new List<Point>(points.Count / 2 + 1);
        foreach (var p in points)
        {
            if (window.Contains(p.Timestamp))
                current.Add(p);
            if (lastWeek.Contains(p.Timestamp))
                before.Add(p);
        }
        return (current, before);
    }

    private static Dictionary<string, IReadOnlyList<Point>> ByPath(IReadOnlyList<SeriesPoints> series) =>
        series.GroupBy(s => s.Key[Dims.Path]!).ToDictionary(g => g.Key, g => (IReadOnlyList<Point>)SumByTime(g.SelectMany(s => s.Points)), StringComparer.Ordinal);

    private static List<Point> SumByTime(IEnumerable<Point> points)
    {
        // A dictionary on the instant rather than LINQ's grouping: the totals add up every path's points of two weeks.
        var sums = new Dictionary<DateTimeOffset, double>();
        foreach (var p in points)
            sums[p.Timestamp] = sums.GetValueOrDefault(p.Timestamp) + p.Value;
        var result = sums.Select(kv => new Point(kv.Key, kv.Value)).ToList();
        result.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return result;
    }

    private static IncidentTotals Totals(IEnumerable<IReadOnlyList<Point>> perPath, TimeWindow window, TimeWindow lastWeek)
    {
        var all = SumByTime(perPath.SelectMany(p => p));
        var cur = all.Where(p => window.Contains(p.Timestamp)).ToList();
        var before = all.Where(p => lastWeek.Contains(p.Timestamp)).ToList();
        return new IncidentTotals(ViewMath.Sum(cur), ViewMath.Sum(before), cur, before);
    }

    private async Task<IReadOnlyList<IncidentService>> MemoryAsync(string environment, TimeWindow window, TimeWindow lastWeek, Resolution step, CancellationToken ct)
    {
        var series = await store.QueryAsync(new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, environment), (Dims.Service, SeriesFilter.Any)),
            new TimeWindow(lastWeek.Start, window.End), ct);
        return series.Select(s =>
            {
                var (cur, before) = Split(s.Points, window, lastWeek);
                // A day's memory is drawn as its peak (utilization is a level, so the highest hour is what matters).
                if (step == Resolution.Day)
                    (cur, before) = (DailyPeaks(cur), DailyPeaks(before));
                return new IncidentService(s.Key[Dims.Service]!, ViewMath.Max(cur), ViewMath.Max(before), cur.Count > 0 ? cur[^1].Value : null, cur, before);
            })
            .OrderByDescending(m => ViewMath.Ratio(m.Peak, m.PeakLastWeek) ?? 0).ThenBy(m => m.Service, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<IReadOnlyList<IncidentLogGroup>> LogsAsync(string environment, TimeWindow window, TimeWindow lastWeek, Resolution step, CancellationToken ct)
    {
        var series = await store.QueryAsync(new SeriesFilter(Metrics.LogBytes, Resolution.Hour, (Dims.Env, environment), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Absent)),
            new TimeWindow(lastWeek.Start, window.End), ct);
        return series.Select(s =>
            {
                var (cur, before) = Split(s.Points, window, lastWeek);
                if (step == Resolution.Day)
                    (cur, before) = (DailySums(cur), DailySums(before));
                var bytes = ViewMath.Sum(cur);
                var bytesBefore = ViewMath.Sum(before);
                return new IncidentLogGroup(s.Key[Dims.LogGroup]!, bytes, bytesBefore, ViewMath.Ratio(bytes, bytesBefore), cur, before);
            })
            .OrderByDescending(l => l.Ratio ?? 0).ThenByDescending(l => l.Bytes ?? 0).ThenBy(l => l.LogGroup, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The gaps the view lists: failed runs, then each signal's own missing hours (the ones its chart shades, named by
    /// signal), then the part of the window still ahead. Never the slowest feed's watermark: a daily cost feed collected
    /// to this morning leaves no hole in the hourly charts, and the incident view draws no cost.
    /// </summary>
    private List<CollectionGap> Gaps(IReadOnlyList<CollectionRun> runs, TimeWindow window, Resolution step,
        IReadOnlyDictionary<IncidentSignal, IReadOnlyList<CollectionGap>> signalGaps, DateTimeOffset now)
    {
        var gaps = new List<CollectionGap>();
        foreach (var run in runs)
        {
            if (run.Status is RunStatus.Failed or RunStatus.Partial && run.Window.Start < window.End && run.Window.End > window.Start)
                gaps.Add(new CollectionGap(Max(run.Window.Start, window.Start), Min(run.Window.End, window.End), CollectionGapReason.RunFailed, $"{run.Source}/{run.Stream}: {run.Error}"));
        }
        // Hours every chart misses are one entry; hours only some charts miss name their signal.
        foreach (var same in signalGaps.SelectMany(kv => kv.Value.Select(h => h with { Signal = kv.Key })).GroupBy(h => (h.From, h.To, h.Reason)))
            gaps.AddRange(same.Count() == signalGaps.Count ? [same.First() with { Signal = null }] : same);
        var reachable = step == Resolution.Day ? calendar.DayOf(now).Start : TimeWindow.FloorToHour(now);
        if (reachable < window.End)
            gaps.Add(new CollectionGap(Max(reachable, window.Start), window.End, CollectionGapReason.NotCollectedYet, null));
        return gaps.OrderBy(g => g.From).ThenBy(g => g.Signal).ToList();
    }

    /// <summary>
    /// The steps of the window (up to now) where a chart's own signal has no point: what its chart shades. A hole
    /// reaching the end of what can exist yet is "not collected yet"; one inside is "no data".
    /// </summary>
    private IReadOnlyList<CollectionGap> Holes(TimeWindow window, Resolution step, IEnumerable<Point> points, DateTimeOffset now)
    {
        var have = points.Select(p => p.Timestamp).Where(window.Contains).ToHashSet();
        var starts = step == Resolution.Day
            ? calendar.DaysIn(window).Select(d => d.Start).ToList()
            : Enumerable.Range(0, (int)Math.Ceiling((window.End - TimeWindow.FloorToHour(window.Start)).TotalHours)).Select(i => TimeWindow.FloorToHour(window.Start).AddHours(i)).ToList();
        var last = Min(window.End, step == Resolution.Day ? calendar.DayOf(now).Start : TimeWindow.FloorToHour(now));
        var holes = new List<CollectionGap>();
        DateTimeOffset? open = null;
        foreach (var t in starts.Where(t => t < last))
        {
            if (!have.Contains(t))
                open ??= t;
            else if (open is { } o)
            {
                holes.Add(new CollectionGap(Max(o, window.Start), t, CollectionGapReason.NoData, null));
                open = null;
            }
        }
        if (open is { } tail)
            holes.Add(new CollectionGap(Max(tail, window.Start), last, CollectionGapReason.NotCollectedYet, null));
        return holes;
    }

    private List<Point> DailyPeaks(IReadOnlyList<Point> hourly) =>
        hourly.GroupBy(p => calendar.DayOf(p.Timestamp).Start).Select(g => new Point(g.Key, g.Max(p => p.Value))).OrderBy(p => p.Timestamp).ToList();

    private List<Point> DailySums(IReadOnlyList<Point> hourly) =>
        hourly.GroupBy(p => calendar.DayOf(p.Timestamp).Start).Select(g => new Point(g.Key, g.Sum(p => p.Value))).OrderBy(p => p.Timestamp).ToList();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
