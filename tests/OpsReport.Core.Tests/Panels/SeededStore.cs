using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Panels;

/// <summary>
/// A store holding ISO weeks 2026-W46 and W47 (Asia/Tokyo) of env prod: hourly points, day and week rollups for two
/// paths × three tenants, memory, log volume with a DEBUG split, and daily cost on UTC dates. The numbers are chosen so
/// every panel rule gives a different answer when broken (e.g. hourly p95s average to 100 ms, the week rollup is 180 ms).
/// </summary>
public sealed class SeededStore : IAsyncLifetime
{
    public const string Env = "prod";
    public const string Orders = "/api/orders";
    public const string Search = "/api/search";
    public const string OrdersLogs = "/aws/lambda/orders";
    public const string SearchLogs = "/aws/ecs/search";

    public static readonly ZoneCalendar Tokyo = new("Asia/Tokyo");
    public static readonly TimeWindow W46 = Tokyo.IsoWeek(2026, 46);
    public static readonly TimeWindow W47 = Tokyo.IsoWeek(2026, 47);

    /// <summary>The tenant display names the source published.</summary>
    public static readonly IReadOnlyDictionary<string, string> TenantNames = new Dictionary<string, string>
    {
        ["t1"] = "株式会社サンプル",
        ["t2"] = "Acme, Inc.",
        ["t3"] = "Globex",
    };

    /// <summary>Tenant p95 (week rollup) and requests (sum of hours) of W47 by (path, tenant): ratios to the path's all-tenant p95 of 3.0, 1.5, 5.0 (too few requests), 1.2, 2.5, 0.8.</summary>
    public static readonly IReadOnlyDictionary<(string Path, string Tenant), (double P95, double Requests)> TenantWeek47 = new Dictionary<(string, string), (double, double)>
    {
        [(Orders, "t1")] = (540, 168 * 24),
        [(Orders, "t2")] = (270, 168 * 35),
        [(Orders, "t3")] = (900, PanelQueries.MinRequestsForRanking - 1),
        [(Search, "t1")] = (108, 168 * 18),
        [(Search, "t2")] = (225, PanelQueries.MinRequestsForRanking),
        [(Search, "t3")] = (72, 168 * 12),
    };

    private readonly TempStore _temp = new();

    public IMetricStore Store => _temp.Store;

    public PanelQueries Queries => new(Store, new TenantDirectory(Store), Tokyo);

    public static IEnumerable<DateTimeOffset> HoursOf(TimeWindow window)
    {
        for (var t = window.Start; t < window.End; t = t.AddHours(1))
            yield return t;
    }

    /// <summary>Hourly counts adding up to <paramref name="total"/>: spread evenly when it divides, else all in one hour.</summary>
    public static IEnumerable<Point> HourlyCount(TimeWindow week, double total) =>
        total % 168 == 0
            ? HoursOf(week).Select(t => new Point(t, total / 168))
            : [new Point(week.Start.AddHours(10), total)];

    public static SeriesKey Key(string metric, Resolution resolution, params (string, string)[] dims) =>
        new(metric, resolution, dims.Append((Dims.Env, Env)).ToArray());

    public async Task InitializeAsync()
    {
        await _temp.InitializeAsync();
        var both = new TimeWindow(W46.Start, W47.End);
        var batch = new List<SeriesPoints>();

        void Add(SeriesKey key, IEnumerable<Point> points) => batch.Add(new SeriesPoints(key, points.ToList()));
        void AddWeeks(string metric, string path, string? tenant, double? w46, double? w47)
        {
            var key = tenant is null ? Key(metric, Resolution.Week, (Dims.Path, path)) : Key(metric, Resolution.Week, (Dims.Path, path), (Dims.Tenant, tenant));
            var points = new List<Point>();
            if (w46 is { } a)
                points.Add(new Point(W46.Start, a));
            if (w47 is { } b)
                points.Add(new Point(W47.Start, b));
            Add(key, points);
        }

        // Latency: hourly p95 is flat (mean 100 ms on orders, 50 ms on search); the rollups are what a source fetched at that resolution.
        foreach (var path in new[] { Orders, Search })
        {
            var hourly = path == Orders ? 100.0 : 50.0;
            Add(Key(Metrics.LatencyP95, Resolution.Hour, (Dims.Path, path)), HoursOf(both).Select(t => new Point(t, hourly)));
            Add(Key(Metrics.Requests, Resolution.Hour, (Dims.Path, path)), HourlyCount(W46, path == Orders ? 168 * 50 : 168 * 25).Concat(HourlyCount(W47, path == Orders ? 168 * 60 : 168 * 30)));
            foreach (var tenant in TenantNames.Keys)
                Add(Key(Metrics.LatencyP95, Resolution.Hour, (Dims.Path, path), (Dims.Tenant, tenant)), HoursOf(both).Select(t => new Point(t, hourly * 3)));
            Add(Key(Metrics.LatencyP95, Resolution.Day, (Dims.Path, path)),
                Tokyo.DaysIn(both).Select(d => new Point(d.Start, 150 + Tokyo.ToLocal(d.Start).Day)));
            Add(Key(Metrics.Requests, Resolution.Day, (Dims.Path, path)), Tokyo.DaysIn(both).Select(d => new Point(d.Start, 1500)));
        }
        AddWeeks(Metrics.LatencyP95, Orders, null, 150, 180);
        AddWeeks(Metrics.LatencyP95, Search, null, null, 90);
        AddWeeks(Metrics.LatencyP99, Orders, null, 320, 400);
        AddWeeks(Metrics.LatencyP99, Search, null, null, 200);
        foreach (var ((path, tenant), (p95, requests)) in TenantWeek47)
        {
            AddWeeks(Metrics.LatencyP95, path, tenant, path == Orders && tenant == "t1" ? 300 : null, p95);
            Add(Key(Metrics.Requests, Resolution.Hour, (Dims.Path, path), (Dims.Tenant, tenant)), HourlyCount(W46, requests).Concat(HourlyCount(W47, requests)));
        }
        // Another environment with louder numbers: must never leak into prod's panels.
        batch.Add(new SeriesPoints(new SeriesKey(Metrics.LatencyP95, Resolution.Week, (Dims.Env, "staging"), (Dims.Path, Orders)), [new Point(W47.Start, 9999)]));
        batch.Add(new SeriesPoints(new SeriesKey(Metrics.Requests, Resolution.Hour, (Dims.Env, "staging"), (Dims.Path, "/api/staging-only")), [new Point(W47.Start, 1e6)]));

        // Memory: api peaks at 85 % in W47 (68 % in W46) and ends at 60 %; worker only reports in W47 and misses its last hour.
        Add(Key(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Service, "api")), HoursOf(both).Select(t =>
            new Point(t, t == W46.Start.AddHours(30) ? 68 : t == W47.Start.AddHours(100) ? 85 : t == W47.End.AddHours(-1) ? 60 : 50)));
        Add(Key(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Service, "worker")), HoursOf(W47).SkipLast(1).Select(t => new Point(t, 30)));

        // Logs: orders doubles (one W47 hour missing: 167 × 1 MB against 168 × 0.5 MB) and is 60 % DEBUG; search is flat and 5 % DEBUG.
        Add(Key(Metrics.LogBytes, Resolution.Hour, (Dims.LogGroup, OrdersLogs)),
            HoursOf(both).Where(t => t != W47.Start.AddHours(5)).Select(t => new Point(t, W47.Contains(t) ? 1_000_000 : 500_000)));
        Add(Key(Metrics.LogBytes, Resolution.Hour, (Dims.LogGroup, OrdersLogs), (Dims.Level, "DEBUG")), HoursOf(both).Select(t => new Point(t, 9e9)));
        Add(Key(Metrics.LogEvents, Resolution.Hour, (Dims.LogGroup, OrdersLogs)), HoursOf(both).Select(t => new Point(t, 1000)));
        Add(Key(Metrics.LogEvents, Resolution.Hour, (Dims.LogGroup, OrdersLogs), (Dims.Level, "DEBUG")), HoursOf(both).Select(t => new Point(t, 600)));
        Add(Key(Metrics.LogBytes, Resolution.Hour, (Dims.LogGroup, SearchLogs)), HoursOf(both).Select(t => new Point(t, 200_000)));
        Add(Key(Metrics.LogEvents, Resolution.Hour, (Dims.LogGroup, SearchLogs)), HoursOf(both).Select(t => new Point(t, 500)));
        Add(Key(Metrics.LogEvents, Resolution.Hour, (Dims.LogGroup, SearchLogs), (Dims.Level, "DEBUG")), HoursOf(both).Select(t => new Point(t, 25)));

        // Cost per UTC date 2026-11-08 … 2026-11-23: EC2 in account A costs the day of month in dollars, in account B $1; Lambda $0.50.
        var dates = Enumerable.Range(8, 16).Select(day => new DateTimeOffset(2026, 11, day, 0, 0, 0, TimeSpan.Zero)).ToList();
        Add(Key(Metrics.CostDaily, Resolution.Day, (Dims.AwsService, "Amazon EC2"), (Dims.Account, "111111111111")), dates.Select(d => new Point(d, d.Day)));
        Add(Key(Metrics.CostDaily, Resolution.Day, (Dims.AwsService, "Amazon EC2"), (Dims.Account, "222222222222")), dates.Select(d => new Point(d, 1)));
        Add(Key(Metrics.CostDaily, Resolution.Day, (Dims.AwsService, "AWS Lambda"), (Dims.Account, "111111111111")), dates.Select(d => new Point(d, 0.5)));

        await Store.CommitAsync(batch);
        await TenantDirectory.PublishAsync(Store, Env, TenantNames);
    }

    public Task DisposeAsync() => _temp.DisposeAsync();
}
