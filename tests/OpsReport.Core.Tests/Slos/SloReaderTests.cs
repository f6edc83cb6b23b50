using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Slos;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Slos;

/// <summary>The reader over a real SQLite store holding requests, errors and requests.within as a source writes them.</summary>
public sealed class SloReaderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 5, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 11, 20, 5, 0, 0, TimeSpan.Zero);
    private const int Hours = 30 * 24;
    private const string PathA = "/api/a";
    private const string PathB = "/api/b";

    private readonly TempStore _temp = new();

    public async Task InitializeAsync()
    {
        await _temp.InitializeAsync();
        var batch = new List<SeriesPoints>();
        void Add(string metric, IEnumerable<(string, string)> dims, Func<int, double> value) =>
            batch.Add(new SeriesPoints(new SeriesKey(metric, Resolution.Hour, [(Dims.Env, "prod"), (Dims.Service, "api"), .. dims]),
                Enumerable.Range(0, Hours).Select(h => new Point(End - TimeSpan.FromHours(Hours - h), value(h))).ToList()));
        // Path A per tenant (t1 600, t2 300, t3 100 an hour) and over all tenants; 5 of t1's and 1 of t3's requests an hour slower than 500 ms.
        foreach (var (tenant, requests, slow, errors) in new[] { ("t1", 600.0, 5.0, 3.0), ("t2", 300.0, 0.0, 0.0), ("t3", 100.0, 1.0, 1.0) })
        {
            (string, string)[] dims = [(Dims.Path, PathA), (Dims.Tenant, tenant)];
            Add(Metrics.Requests, dims, _ => requests);
            Add(Metrics.Errors, dims, _ => errors);
            Add(Metrics.RequestsWithinThreshold, [.. dims, (Dims.ThresholdMs, "500")], _ => requests - slow);
        }
        Add(Metrics.Requests, [(Dims.Path, PathA)], _ => 1000);
        Add(Metrics.Errors, [(Dims.Path, PathA)], _ => 4);
        Add(Metrics.RequestsWithinThreshold, [(Dims.Path, PathA), (Dims.ThresholdMs, "500")], _ => 993);
        // Path B over all tenants only, with a gap of 24 hours in its counts.
        Add(Metrics.Requests, [(Dims.Path, PathB)], h => h is >= 100 and < 124 ? double.NaN : 1000);
        Add(Metrics.Errors, [(Dims.Path, PathB)], h => h is >= 100 and < 124 ? double.NaN : 6);
        // The load balancer in front counts both paths again: never added to them.
        Add(Metrics.Requests, [(Dims.Path, AggregatePaths.LoadBalancer("app-lb"))], _ => 2000);
        Add(Metrics.Errors, [(Dims.Path, AggregatePaths.LoadBalancer("app-lb"))], _ => 500);
        foreach (var s in batch)
            await _temp.Store.CommitAsync([s with { Points = s.Points.Where(p => !double.IsNaN(p.Value)).ToList() }]);
    }

    public Task DisposeAsync() => _temp.DisposeAsync();

    private SloReader Reader(params SloDefinition[] definitions) => new(definitions, _temp.Store, new ZoneCalendar("Asia/Tokyo"), new SloOptions());

    private static SloDefinition Slo(string name, SliKind sli, string path, int? thresholdMs = null, bool perTenant = false, int top = 5, SloWindow? window = null) =>
        new(name, name, null, "prod", sli, "api", path, thresholdMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, 0.99, window ?? SloWindow.Rolling(28),
            perTenant, "slos.yaml", 1)
        { Top = top };

    [Fact]
    public async Task ReadAsync_LatencyPerTenant_EnvironmentWideFromAllTenantSeriesThenTopTenantsAndOther()
    {
        var statuses = await Reader(Slo("a-fast", SliKind.Latency, PathA, 500, perTenant: true, top: 2)).ReadAsync("prod", Now, null, CancellationToken.None);

        Assert.Equal([null, "t1", "t2", SloReader.OtherTenant], statuses.Select(s => s.Tenant));
        var whole = statuses[0];
        Assert.Equal((End - TimeSpan.FromDays(28), End), (whole.WindowStart, whole.WindowEnd));
        Assert.Equal(28 * 24 * 1000L, whole.Total);
        Assert.Equal(28 * 24 * 993L, whole.Good);
        Assert.Equal(0.3, whole.BudgetLeft!.Value, 9);
        Assert.Equal(SloState.Met, whole.State);
        Assert.Equal(1 / 6.0, statuses[1].BudgetLeft!.Value, 9);
        Assert.Equal(SloState.AtRisk, statuses[1].State);
        Assert.Equal(1.0, statuses[2].Attainment);
        Assert.Equal(28 * 24 * 100L, statuses[3].Total);
    }

    [Fact]
    public async Task ReadAsync_OneTenantBeyondTheTop_GetsItsOwnNumbers()
    {
        var statuses = await Reader(Slo("a-fast", SliKind.Latency, PathA, 500, perTenant: true, top: 1)).ReadAsync("prod", Now, "t3", CancellationToken.None);

        var t3 = Assert.Single(statuses);
        Assert.Equal("t3", t3.Tenant);
        Assert.Equal(0.99, t3.Attainment!.Value, 12);
    }

    [Fact]
    public async Task ReadAsync_ThresholdWithoutCounts_NoData()
    {
        var status = Assert.Single(await Reader(Slo("a-800", SliKind.Latency, PathA, 800)).ReadAsync("prod", Now, null, CancellationToken.None));

        Assert.Equal(SloState.NoData, status.State);
        Assert.Null(status.Total);
    }

    [Fact]
    public async Task ReadAsync_AvailabilityOnAllPaths_SumsApplicationPathsNotTheLoadBalancerAndSkipsGaps()
    {
        var status = Assert.Single(await Reader(Slo("up", SliKind.Availability, "*")).ReadAsync("prod", Now, null, CancellationToken.None));

        // The gap (hours 100-123 of path B) lies inside the 28-day window: those hours count path A only.
        var hours = 28 * 24;
        Assert.Equal((hours * 2000L) - (24 * 1000), status.Total);
        Assert.Equal(status.Total - ((hours * 10L) - (24 * 6)), status.Good);
        Assert.Equal(hours, status.Hours.Count);
    }

    [Fact]
    public async Task ReadAsync_CalendarMonth_StartsAtTheLocalMonth()
    {
        var status = Assert.Single(await Reader(Slo("up-month", SliKind.Availability, PathA, window: SloWindow.Month)).ReadAsync("prod", Now, null, CancellationToken.None));

        // 1 November 00:00 in Tokyo is 31 October 15:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 15, 0, 0, TimeSpan.Zero), status.WindowStart);
        Assert.Equal(End, status.WindowEnd);
        Assert.Equal((long)(End - status.WindowStart).TotalHours * 1000, status.Total);
    }

    [Fact]
    public async Task ReadAsync_OtherEnvironment_NoStatuses()
    {
        Assert.Empty(await Reader(Slo("up", SliKind.Availability, "*")).ReadAsync("staging", Now, null, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_NewPointsCommitted_CacheIsNotServedStale()
    {
        var reader = Reader(Slo("a-avail", SliKind.Availability, PathA));
        var before = Assert.Single(await reader.ReadAsync("prod", Now, null, CancellationToken.None));
        var key = new SeriesKey(Metrics.Errors, Resolution.Hour, [(Dims.Env, "prod"), (Dims.Service, "api"), (Dims.Path, PathA)]);
        await _temp.Store.CommitAsync([new SeriesPoints(key, [new Point(End - TimeSpan.FromHours(1), 1000)])],
            new OpsReport.Core.Storage.WatermarkUpdate(new StreamId("test", "prod", "latency"), End));

        var after = Assert.Single(await reader.ReadAsync("prod", Now, null, CancellationToken.None));

        Assert.Equal(before.Good - 996, after.Good);
    }
}
