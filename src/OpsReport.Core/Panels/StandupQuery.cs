using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Core.Panels;

/// <summary>
/// The overview's KPI tiles and "since yesterday" strip. Kept cheap because the overview must render in well under
/// 100 ms: requests, errors and latency come from day rollups (a day's p95 as measured, counts summed), only memory and
/// log bytes from hourly points, and each number is one range query. Days are local days of the configured zone.
/// </summary>
public sealed class StandupQuery(IMetricStore store, TenantDirectory tenants, ZoneCalendar calendar, IOptions<OpsReportOptions> options)
{
    private readonly AnalysisOptions _limits = options.Value.Analysis;

    public const int MaxChanges = 6;

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public async Task<StandupKpis> KpisAsync(string environment, DateTimeOffset now, CancellationToken ct = default)
    {
        // The last 7 complete local days against the 7 before: whole weeks, so weekends and Mondays cancel out.
        var end = calendar.DayOf(now).Start;
        var week = new TimeWindow(calendar.DayOf(end.AddDays(-6.5)).Start, end);
        var before = new TimeWindow(calendar.DayOf(week.Start.AddDays(-6.5)).Start, week.Start);
        var both = new TimeWindow(before.Start, week.End);
        var pathDims = new[] { (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent) };

        var requests = await store.QueryAsync(new SeriesFilter(Metrics.Requests, Resolution.Day, pathDims), both, ct);
        var errors = await store.QueryAsync(new SeriesFilter(Metrics.Errors, Resolution.Day, pathDims), both, ct);
        var (req, reqBefore) = Sums(requests, week, before);
        var (err, errBefore) = Sums(errors, week, before);

        // Latency compares week rollups (this ISO week so far against last week, as the overview's 7d view does): a
        // median of daily values would hide a regression that started mid-week.
        var weeks = OverviewRange.Week.Periods(now, calendar);
        var p95 = await store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, weeks.Resolution, pathDims), new TimeWindow(weeks.Previous.Start, weeks.Current.End), ct);
        var compared = p95.Select(s => (Path: s.Key[Dims.Path]!, Ratio: ViewMath.Ratio(ViewMath.At(s.Points, weeks.Current.Start), ViewMath.At(s.Points, weeks.Previous.Start))))
            .Where(x => x.Ratio is not null).ToList();
        var worst = compared.OrderByDescending(x => x.Ratio).FirstOrDefault();

        var logs = await store.QueryAsync(new SeriesFilter(Metrics.LogBytes, Resolution.Hour, (Dims.Env, environment), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Absent)), both, ct);
        var (bytes, bytesBefore) = Sums(logs, week, before);

        // Cost Explorer bills by UTC date: the billing dates bearing the same dates as the tiles' 7 local days, the rule
        // the cost panels and the PDF use (ViewMath.BillingDates), so "cost this week" means one thing everywhere.
        var costWeek = ViewMath.BillingDates(week, calendar);
        var costBefore = ViewMath.BillingDates(before, calendar);
        var cost = await store.QueryAsync(new SeriesFilter(Metrics.CostDaily, Resolution.Day, (Dims.Env, environment), (Dims.AwsService, SeriesFilter.Any)),
            new TimeWindow(costBefore.Start, costWeek.End), ct);
        var (usd, usdBefore) = Sums(cost, costWeek, costBefore);

        var memory = await store.QueryAsync(new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, environment), (Dims.Service, SeriesFilter.Any)), both, ct);
        var peaks = memory.Select(s => (Service: s.Key[Dims.Service]!, Now: ViewMath.Max(s.Points.Where(p => week.Contains(p.Timestamp))),
            Before: ViewMath.Max(s.Points.Where(p => before.Contains(p.Timestamp))))).Where(x => x.Now is not null).ToList();
        var top = peaks.OrderByDescending(x => x.Now).FirstOrDefault();

        var tiles = new List<Kpi>
        {
            new(KpiKind.Requests, req, reqBefore, "count", HigherIsWorse: false),
            new(KpiKind.Errors, err, errBefore, "count", HigherIsWorse: true),
            new(KpiKind.ErrorRate, ViewMath.Ratio(err, req) * 100, ViewMath.Ratio(errBefore, reqBefore) * 100, "%", HigherIsWorse: true),
            new(KpiKind.SlowerPaths, compared.Count == 0 ? null : compared.Count(x => x.Ratio >= _limits.StandupSlowerRatio), compared.Count, "count", HigherIsWorse: true,
                worst.Path, worst.Ratio),
            new(KpiKind.LogVolume, bytes, bytesBefore, "bytes", HigherIsWorse: true),
            new(KpiKind.Cost, usd, usdBefore, "USD", HigherIsWorse: true),
            new(KpiKind.MemoryPeak, top.Now, top.Before, "%", HigherIsWorse: true, top.Service),
        };
        return new StandupKpis(week, before, tiles);
    }

    public async Task<StandupChanges> ChangesAsync(string environment, DateTimeOffset now, CancellationToken ct = default)
    {
        // Yesterday (the last complete local day) against the same weekday a week earlier, read from day rollups.
        var today = calendar.DayOf(now);
        var day = calendar.DayOf(today.Start.AddHours(-1));
        var lastWeek = calendar.Day(DateOnly.FromDateTime(calendar.ToLocal(day.Start).DateTime).AddDays(-7));
        var items = new List<StandupChange>();

        foreach (var f in await store.GetFindingsAsync(environment, null, ct))
        {
            if (f.State == FindingState.Open && f.Start >= day.Start)
                items.Add(new StandupChange(ChangeKind.NewFinding, f.Subject, null, null, null, "", 1000 + (int)f.Severity, f));
            else if (f.State == FindingState.Resolved && f.End >= day.Start)
                items.Add(new StandupChange(ChangeKind.ResolvedFinding, f.Subject, null, null, null, "", 900 + (int)f.Severity, f));
        }

        var pathDims = new[] { (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent) };
        var cellDims = new[] { (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Any) };
        var pathRequests = Totals(await store.QueryAsync(new SeriesFilter(Metrics.Requests, Resolution.Day, pathDims), day, ct), Dims.Path);
        foreach (var (path, cur, prev) in await TypicalAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Day, pathDims), day, lastWeek, k => k[Dims.Path]!, ct))
        {
            if (ViewMath.Ratio(cur, prev) is { } r && r >= _limits.StandupPathLatencyRatio && pathRequests.GetValueOrDefault(path) >= PanelQueries.MinRequestsForRanking)
                items.Add(new StandupChange(ChangeKind.PathLatency, path, null, cur, prev, "ms", r));
        }

        var names = await tenants.GetNamesAsync(environment, ct);
        var cellRequests = (await store.QueryAsync(new SeriesFilter(Metrics.Requests, Resolution.Day, cellDims), day, ct))
            .ToDictionary(s => s.Key[Dims.Path] + "\n" + s.Key[Dims.Tenant], s => ViewMath.Sum(s.Points));
        foreach (var (cell, cur, prev) in await TypicalAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Day, cellDims), day, lastWeek, k => k[Dims.Path] + "\n" + k[Dims.Tenant], ct))
        {
            if (ViewMath.Ratio(cur, prev) is { } r && r >= _limits.StandupTenantLatencyRatio && cellRequests.GetValueOrDefault(cell) >= PanelQueries.MinRequestsForRanking)
            {
                var parts = cell.Split('\n');
                items.Add(new StandupChange(ChangeKind.TenantLatency, parts[1], parts[0], cur, prev, "ms", r, Extra: names.GetValueOrDefault(parts[1], parts[1])));
            }
        }

        var errorsNow = Totals(await store.QueryAsync(new SeriesFilter(Metrics.Errors, Resolution.Day, pathDims), day, ct), Dims.Env);
        var errorsBefore = Totals(await store.QueryAsync(new SeriesFilter(Metrics.Errors, Resolution.Day, pathDims), lastWeek, ct), Dims.Env);
        if (ViewMath.Ratio(errorsNow.GetValueOrDefault(environment), errorsBefore.GetValueOrDefault(environment)) is { } er && er >= _limits.StandupErrorRatio
            && errorsNow[environment] - errorsBefore[environment] >= _limits.StandupMinExtraErrors)
            items.Add(new StandupChange(ChangeKind.Errors, environment, null, errorsNow[environment], errorsBefore[environment], "count", er));

        var logFilter = new SeriesFilter(Metrics.LogBytes, Resolution.Hour, (Dims.Env, environment), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Absent));
        var logsNow = Totals(await store.QueryAsync(logFilter, day, ct), Dims.LogGroup);
        var logsBefore = Totals(await store.QueryAsync(logFilter, lastWeek, ct), Dims.LogGroup);
        foreach (var (group, bytes) in logsNow)
        {
            // Small groups double all the time; a change matters when it adds real volume.
            if (ViewMath.Ratio(bytes, logsBefore.GetValueOrDefault(group)) is { } r && r >= _limits.StandupLogVolumeRatio
                && bytes - (logsBefore.GetValueOrDefault(group) ?? 0) >= _limits.StandupMinExtraLogBytes)
                items.Add(new StandupChange(ChangeKind.LogVolume, group, null, bytes, logsBefore.GetValueOrDefault(group), "bytes", r));
        }

        var memFilter = new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, environment), (Dims.Service, SeriesFilter.Any));
        var memBefore = (await store.QueryAsync(memFilter, lastWeek, ct)).ToDictionary(s => s.Key[Dims.Service]!, s => ViewMath.Max(s.Points), StringComparer.Ordinal);
        foreach (var s in await store.QueryAsync(memFilter, day, ct))
        {
            var peak = ViewMath.Max(s.Points);
            var before = memBefore.GetValueOrDefault(s.Key[Dims.Service]!);
            if (peak - before >= _limits.StandupMemoryPoints)
                items.Add(new StandupChange(ChangeKind.Memory, s.Key[Dims.Service]!, null, peak, before, "%", ViewMath.Ratio(peak, before) ?? 1));
        }

        // Yesterday's billing date (Cost Explorer's UTC date bearing yesterday's local date) against a week earlier.
        var billing = ViewMath.BillingDates(day, calendar).Start;
        var costFilter = new SeriesFilter(Metrics.CostDaily, Resolution.Day, (Dims.Env, environment), (Dims.AwsService, SeriesFilter.Any));
        var costNow = Totals(await store.QueryAsync(costFilter, new TimeWindow(billing, billing.AddDays(1)), ct), Dims.AwsService);
        var costBefore = Totals(await store.QueryAsync(costFilter, new TimeWindow(billing - Week, billing.AddDays(1) - Week), ct), Dims.AwsService);
        foreach (var (service, usd) in costNow)
        {
            var before = costBefore.GetValueOrDefault(service);
            if (usd - (before ?? 0) >= _limits.StandupMinExtraUsd && (ViewMath.Ratio(usd, before) ?? 10) >= _limits.StandupCostRatio)
                items.Add(new StandupChange(ChangeKind.Cost, service, null, usd, before, "USD", ViewMath.Ratio(usd, before) ?? 10));
        }

        // One line per tenant is enough: its worst path.
        var ordered = items.OrderByDescending(i => i.Score).ToList();
        var seenTenants = new HashSet<string>(StringComparer.Ordinal);
        var result = ordered.Where(i => i.Kind != ChangeKind.TenantLatency || seenTenants.Add(i.Subject)).Take(MaxChanges).ToList();
        return new StandupChanges(day, lastWeek, result);
    }

    private async Task<List<(string Name, double? Current, double? Previous)>> TypicalAsync(SeriesFilter filter, TimeWindow window, TimeWindow before,
        Func<SeriesKey, string> name, CancellationToken ct)
    {
        var now = await store.QueryAsync(filter, window, ct);
        var then = (await store.QueryAsync(filter, before, ct)).ToDictionary(s => name(s.Key), s => ViewMath.LowerMedian(s.Points.Select(p => p.Value)));
        return now.Select(s => (name(s.Key), ViewMath.LowerMedian(s.Points.Select(p => p.Value)), then.GetValueOrDefault(name(s.Key)))).ToList();
    }

    private static Dictionary<string, double?> Totals(IReadOnlyList<SeriesPoints> series, string by) =>
        series.GroupBy(s => s.Key[by]!).ToDictionary(g => g.Key, g => ViewMath.Sum(g.SelectMany(s => s.Points)), StringComparer.Ordinal);

    private static (double? Current, double? Previous) Sums(IReadOnlyList<SeriesPoints> series, TimeWindow current, TimeWindow previous) =>
        (ViewMath.Sum(series.SelectMany(s => s.Points).Where(p => current.Contains(p.Timestamp))),
         ViewMath.Sum(series.SelectMany(s => s.Points).Where(p => previous.Contains(p.Timestamp))));
}
