using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Core.Panels;

/// <summary>Builds <see cref="LatencyPathDetail"/> from the store: hourly series for charts, day and period rollups for numbers.</summary>
public sealed class LatencyPathQuery(IMetricStore store, TenantDirectory tenants, ZoneCalendar calendar)
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>The paths with latency data in an environment (the explorer validates <c>?path=</c> against them).</summary>
    public async Task<IReadOnlyList<string>> PathsAsync(string environment, CancellationToken ct = default)
    {
        var keys = await store.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour,
            (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent)), ct);
        return keys.Select(k => k[Dims.Path]!).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public async Task<LatencyPathDetail> BuildAsync(string environment, string path, ComparisonPeriods periods, TimeWindow window, CancellationToken ct = default)
    {
        var lastWeek = window.Shift(-Week);
        var hourly = new List<PercentileSeries>();
        foreach (var p in new[] { 50, 95, 99 })
        {
            var filter = PathFilter(Metrics.Percentile(p), Resolution.Hour, environment, path);
            var current = await store.QueryAsync(filter, window, ct);
            var before = await store.QueryAsync(filter, lastWeek, ct);
            hourly.Add(new PercentileSeries(p, First(current), First(before)));
        }

        var days = calendar.DaysIn(window).ToList();
        var daySpan = days.Count == 0 ? window : new TimeWindow(days[0].Start.Add(-Week), days[^1].End);
        async Task<IReadOnlyList<Point>> Daily(string metric) => First(await store.QueryAsync(PathFilter(metric, Resolution.Day, environment, path), daySpan, ct));
        var p50 = await Daily(Metrics.LatencyP50);
        var p95 = await Daily(Metrics.LatencyP95);
        var p99 = await Daily(Metrics.LatencyP99);
        var requests = await Daily(Metrics.Requests);
        var errors = await Daily(Metrics.Errors);
        var dayRows = days.Select(d =>
        {
            var weekBefore = calendar.Day(DateOnly.FromDateTime(calendar.ToLocal(d.Start).DateTime).AddDays(-7)).Start;
            return new PathDay(d.Start, ViewMath.At(p50, d.Start), ViewMath.At(p95, d.Start), ViewMath.At(p99, d.Start),
                ViewMath.At(p95, weekBefore), ViewMath.At(requests, d.Start), ViewMath.At(errors, d.Start));
        }).ToList();

        return new LatencyPathDetail(path, window, lastWeek, hourly, dayRows, await TenantsAsync(environment, path, periods, ct));
    }

    private async Task<IReadOnlyList<PathTenant>> TenantsAsync(string environment, string path, ComparisonPeriods periods, CancellationToken ct)
    {
        var names = await tenants.GetNamesAsync(environment, ct);
        var span = new TimeWindow(periods.Previous.Start, periods.Current.End);
        var filter = new[] { (Dims.Env, environment), (Dims.Path, path), (Dims.Tenant, SeriesFilter.Any) };
        var p95 = await store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, periods.Resolution, filter), span, ct);
        var p99 = (await store.QueryAsync(new SeriesFilter(Metrics.LatencyP99, periods.Resolution, filter), periods.Current, ct))
            .ToDictionary(s => s.Key[Dims.Tenant]!, s => ViewMath.At(s.Points, periods.Current.Start), StringComparer.Ordinal);
        var requests = (await store.QueryAsync(new SeriesFilter(Metrics.Requests, periods.Resolution, filter), periods.Current, ct))
            .ToDictionary(s => s.Key[Dims.Tenant]!, s => ViewMath.At(s.Points, periods.Current.Start), StringComparer.Ordinal);

        var rows = p95.Select(s => (Tenant: s.Key[Dims.Tenant]!, P95: ViewMath.At(s.Points, periods.Current.Start), Prev: ViewMath.At(s.Points, periods.Previous.Start)))
            .ToList();
        var compared = TenantComparison.Compare(rows.Select(r => new TenantValue(r.Tenant, r.P95, requests.GetValueOrDefault(r.Tenant))));
        return rows.Select(r =>
            {
                var vs = compared[r.Tenant].Ratio;
                return new PathTenant(r.Tenant, names.GetValueOrDefault(r.Tenant, r.Tenant), r.P95, r.Prev, p99.GetValueOrDefault(r.Tenant),
                    requests.GetValueOrDefault(r.Tenant), vs);
            })
            .OrderByDescending(t => t.VsOthers ?? 0).ThenByDescending(t => t.P95 ?? 0).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The all-tenant series of a path, whatever other dimensions (service) the source gave it.</summary>
    private static SeriesFilter PathFilter(string metric, Resolution resolution, string environment, string path) =>
        new(metric, resolution, (Dims.Env, environment), (Dims.Path, path), (Dims.Tenant, SeriesFilter.Absent));

    /// <summary>A path is served by one service; should a source report it under two, the one with the most points is shown.</summary>
    private static IReadOnlyList<Point> First(IReadOnlyList<SeriesPoints> series) =>
        series.OrderByDescending(s => s.Points.Count).Select(s => s.Points).FirstOrDefault() ?? [];
}
