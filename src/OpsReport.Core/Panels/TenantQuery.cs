using Microsoft.Extensions.Options;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Core.Panels;

/// <summary>Builds the tenant page and the tenant list from period and day rollups in the store.</summary>
public sealed class TenantQuery(IMetricStore store, TenantDirectory tenants, ZoneCalendar calendar, IOptions<OpsReportOptions> options)
{
    // A tenant's own cell is ranked on as few requests as the findings judge a low-traffic tenant on (the others it is
    // compared with still need the panels' minimum), so a large customer with a few slow exports an hour is not
    // represented by its busy health checks.
    private readonly int _minOwnRequests = Math.Min(PanelQueries.MinRequestsForRanking, options.Value.Analysis.LatencyPooledMinRequests);

    public const int TrendDays = 30;
    public const int TrendPaths = 3;

    /// <summary>Tenant ids with latency data in the environment, with display names (ids without a name show the id).</summary>
    public async Task<IReadOnlyDictionary<string, string>> KnownAsync(string environment, CancellationToken ct = default)
    {
        var names = await tenants.GetNamesAsync(environment, ct);
        var keys = await store.FindSeriesAsync(new SeriesFilter(Metrics.Requests, Resolution.Day, (Dims.Env, environment), (Dims.Tenant, SeriesFilter.Any)), ct);
        return keys.Select(k => k[Dims.Tenant]!).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => names.GetValueOrDefault(id, id), StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<TenantSummary>> ListAsync(string environment, ComparisonPeriods periods, CancellationToken ct = default)
    {
        var known = await KnownAsync(environment, ct);
        var cells = await CellsAsync(environment, periods, SeriesFilter.Any, ct);
        var slowPaths = await SlowPathsAsync(environment, ct);
        return known.Select(kv =>
            {
                var mine = cells.Where(c => c.Tenant == kv.Key).ToList();
                var worst = Worst(mine, slowPaths.GetValueOrDefault(kv.Key));
                double? requests = mine.Count == 0 ? null : mine.Sum(c => c.Requests ?? 0);
                return new TenantSummary(kv.Key, kv.Value, requests, mine.Count, worst?.Path, worst?.VsOthers, worst?.P95);
            })
            .OrderByDescending(t => t.Requests ?? 0).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The tenant's page, or null when the environment has no such tenant.</summary>
    public async Task<TenantDetail?> BuildAsync(string environment, string tenantId, ComparisonPeriods periods, DateTimeOffset now, CancellationToken ct = default)
    {
        var known = await KnownAsync(environment, ct);
        if (!known.TryGetValue(tenantId, out var name))
            return null;

        var all = await CellsAsync(environment, periods, SeriesFilter.Any, ct);
        var errors = (await store.QueryAsync(new SeriesFilter(Metrics.Errors, periods.Resolution, (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, tenantId)), periods.Current, ct))
            .GroupBy(s => s.Key[Dims.Path]!).ToDictionary(g => g.Key, g => ViewMath.Sum(g.SelectMany(s => s.Points.Where(p => p.Timestamp == periods.Current.Start))), StringComparer.Ordinal);
        var paths = all.Where(c => c.Tenant == tenantId)
            .Select(c => new TenantPath(c.Path, c.P95, c.P95Previous, c.P99, c.OthersP95, c.VsOthers, c.Requests, c.RequestsPrevious,
                errors.GetValueOrDefault(c.Path)))
            .OrderByDescending(p => p.Requests ?? 0).ThenBy(p => p.Path, StringComparer.Ordinal)
            .ToList();

        // The 30-day trend covers the path where the tenant stands out most, then its busiest ones; complete days only,
        // so today's few hours do not look like a drop.
        var trendWindow = new TimeWindow(calendar.DayOf(now).Start.AddDays(-TrendDays), calendar.DayOf(now).Start);
        var trendPaths = paths.Where(p => p.VsOthers >= 1.5).OrderByDescending(p => p.VsOthers).Take(1).Select(p => p.Path)
            .Concat(paths.Take(TrendPaths).Select(p => p.Path))
            .Distinct(StringComparer.Ordinal).Take(TrendPaths + 1).ToList();
        var trends = new List<TenantTrend>();
        foreach (var path in trendPaths)
        {
            var mine = await store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Day, (Dims.Env, environment), (Dims.Path, path), (Dims.Tenant, tenantId)), trendWindow, ct);
            // The comparison line is the same baseline as the table's: the other tenants rankable on the path, day by day.
            var onPath = await store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Day, (Dims.Env, environment), (Dims.Path, path), (Dims.Tenant, SeriesFilter.Any)), trendWindow, ct);
            var baseline = TenantComparison.Rankable(all.Where(c => c.Path == path).Select(c => new TenantValue(c.Tenant, c.P95, c.Requests)))
                .Select(t => t.Tenant).ToHashSet(StringComparer.Ordinal);
            var lines = onPath.GroupBy(s => s.Key[Dims.Tenant]!)
                .Select(g => (Tenant: g.Key, Points: (IReadOnlyList<Point>)g.SelectMany(s => s.Points).OrderBy(p => p.Timestamp).ToList())).ToList();
            trends.Add(new TenantTrend(path, lines.FirstOrDefault(l => l.Tenant == tenantId).Points ?? [], TenantComparison.OthersLine(lines, tenantId, baseline)));
        }
        var daily = (await store.QueryAsync(new SeriesFilter(Metrics.Requests, Resolution.Day, (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, tenantId)), trendWindow, ct))
            .SelectMany(s => s.Points).GroupBy(p => p.Timestamp).Select(g => new Point(g.Key, g.Sum(p => p.Value))).OrderBy(p => p.Timestamp).ToList();

        var findings = (await store.GetFindingsAsync(environment, null, ct))
            .Where(f => f.Subject == tenantId || f.Labels.Values.Any(v => v == tenantId || v == name) || f.Summary.Contains(name, StringComparison.Ordinal))
            .OrderByDescending(f => f.State == FindingState.Open).ThenByDescending(f => f.Severity).ThenByDescending(f => f.Start)
            .ToList();
        return new TenantDetail(tenantId, name, periods, paths, trendWindow, trends, daily, findings);
    }

    // The path an open slow-tenant finding names comes first: the finding judged it over days, the period's cells over one period.
    private static Cell? Worst(List<Cell> mine, string? slowPath) =>
        mine.FirstOrDefault(c => c.Path == slowPath && c.P95 is not null)
        ?? mine.Where(c => c.VsOthers is not null).OrderByDescending(c => c.VsOthers).FirstOrDefault();

    private async Task<Dictionary<string, string>> SlowPathsAsync(string environment, CancellationToken ct) =>
        (await store.GetFindingsAsync(environment, FindingState.Open, ct))
            .Where(f => f.Kind == FindingKind.SlowTenant && f.Labels.ContainsKey(Facts.LabelTenant) && f.Labels.ContainsKey(Facts.LabelPath))
            .GroupBy(f => f.Labels[Facts.LabelTenant], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Severity).First().Labels[Facts.LabelPath], StringComparer.Ordinal);

    private sealed record Cell(string Path, string Tenant, double? P95, double? P95Previous, double? P99, double? Requests, double? RequestsPrevious)
    {
        public double? OthersP95 { get; init; }

        public double? VsOthers { get; init; }
    }

    /// <summary>Every (path, tenant) of the period with its comparison against the other tenants on the path.</summary>
    private async Task<List<Cell>> CellsAsync(string environment, ComparisonPeriods periods, string tenant, CancellationToken ct)
    {
        var span = new TimeWindow(periods.Previous.Start, periods.Current.End);
        var dims = new[] { (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, tenant) };
        var p95 = await store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, periods.Resolution, dims), span, ct);
        var p99 = Index(await store.QueryAsync(new SeriesFilter(Metrics.LatencyP99, periods.Resolution, dims), periods.Current, ct), periods.Current.Start);
        var req = await store.QueryAsync(new SeriesFilter(Metrics.Requests, periods.Resolution, dims), span, ct);
        var reqNow = Index(req, periods.Current.Start);
        var reqBefore = Index(req, periods.Previous.Start);
        var cells = p95.Select(s =>
        {
            var k = (s.Key[Dims.Path]!, s.Key[Dims.Tenant]!);
            return new Cell(k.Item1, k.Item2, ViewMath.At(s.Points, periods.Current.Start), ViewMath.At(s.Points, periods.Previous.Start),
                p99.GetValueOrDefault(k), reqNow.GetValueOrDefault(k), reqBefore.GetValueOrDefault(k));
        }).ToList();
        var result = new List<Cell>(cells.Count);
        foreach (var byPath in cells.GroupBy(c => c.Path))
        {
            var compared = TenantComparison.Compare(byPath.Select(c => new TenantValue(c.Tenant, c.P95, c.Requests)), _minOwnRequests);
            foreach (var c in byPath)
                result.Add(c with { OthersP95 = compared[c.Tenant].OthersP95, VsOthers = compared[c.Tenant].Ratio });
        }
        return result;
    }

    private static Dictionary<(string, string), double?> Index(IReadOnlyList<SeriesPoints> series, DateTimeOffset at)
    {
        var result = new Dictionary<(string, string), double?>();
        foreach (var s in series)
            result[(s.Key[Dims.Path]!, s.Key[Dims.Tenant]!)] = ViewMath.At(s.Points, at);
        return result;
    }
}
