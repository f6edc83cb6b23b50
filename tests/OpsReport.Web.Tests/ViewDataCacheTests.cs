using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;
using OpsReport.Web.Hosting;
using OpsReport.Tests.Support;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>A view's numbers are computed once per data version: again as soon as the store changes, never twice at once.</summary>
public sealed class ViewDataCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    private static readonly ZoneCalendar Tokyo = new("Asia/Tokyo");

    [Fact]
    public async Task GetOrBuildAsync_SameVersionThenACommit_ComputesOnceThenAgainWithTheNewData()
    {
        using var data = new TempDirectory();
        var (store, cache) = await NewAsync(data);
        var builds = 0;
        async Task<string> ReadAsync() => await cache.GetOrBuildAsync("streams|prod", async ct =>
        {
            builds++;
            return (await store.GetWatermarksAsync(ct)).Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }, CancellationToken.None);

        Assert.Equal("0", await ReadAsync());
        Assert.Equal("0", await ReadAsync());
        Assert.Equal(1, builds);

        await store.CommitAsync([], new WatermarkUpdate(new StreamId("demo", "prod", "latency"), Now));

        Assert.Equal("1", await ReadAsync());
        Assert.Equal(2, builds);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(2, cache.Misses);
    }

    [Fact]
    public async Task GetOrBuildAsync_EightRequestsWhileComputing_ComputeOnceAndAllGetTheResult()
    {
        using var data = new TempDirectory();
        var (_, cache) = await NewAsync(data);
        var builds = 0;
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var reads = Enumerable.Range(0, 8).Select(_ => cache.GetOrBuildAsync("incident|prod|7d", _ =>
        {
            Interlocked.Increment(ref builds);
            return release.Task;
        }, CancellationToken.None)).ToList();
        release.SetResult("numbers");
        var results = await Task.WhenAll(reads);

        Assert.Equal(1, builds);
        Assert.All(results, r => Assert.Equal("numbers", r));
        // Another key is another computation.
        await cache.GetOrBuildAsync("incident|prod|24h", _ => Task.FromResult("other"), CancellationToken.None);
        Assert.Equal(2, cache.Misses);
    }

    [Fact]
    public async Task GetOrBuildAsync_AfterAFailedComputation_ComputesAgain()
    {
        using var data = new TempDirectory();
        var (_, cache) = await NewAsync(data);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrBuildAsync<string>("k", _ => throw new InvalidOperationException("store away"), CancellationToken.None));
        var second = await cache.GetOrBuildAsync("k", _ => Task.FromResult("back"), CancellationToken.None);

        Assert.Equal("back", second);
    }

    [Fact]
    public async Task GetOrBuildAsync_MinuteTurnsWithinTheHour_AnsweredFromTheCache()
    {
        using var data = new TempDirectory();
        var store = new SqliteMetricStore(Path.Combine(data.Path, "opsreport.db"));
        await store.InitializeAsync();
        var clock = new SettableClock(Now.AddMinutes(5));
        var cache = new ViewDataCache(new DataVersion(store, clock, Tokyo));
        var builds = 0;
        Task<string> ReadAsync() => cache.GetOrBuildAsync("incident|prod|24h", _ => Task.FromResult((++builds).ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);

        Assert.Equal("1", await ReadAsync());
        clock.Now = Now.AddMinutes(59);
        Assert.Equal("1", await ReadAsync());
        Assert.Equal((1L, 1L), (cache.Hits, cache.Misses));

        // The next hour is another window end: computed again.
        clock.Now = Now.AddMinutes(60);
        Assert.Equal("2", await ReadAsync());
        Assert.Equal(2, cache.Misses);
    }

    [Fact]
    public async Task ViewDataAsync_LocalMidnightInsideAUtcHour_IsANewVersion()
    {
        using var data = new TempDirectory();
        var store = new SqliteMetricStore(Path.Combine(data.Path, "opsreport.db"));
        await store.InitializeAsync();
        // Kolkata is UTC+5:30: its midnight falls at 18:30 UTC, inside an hour; a view's "today" changes there.
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 21, 18, 10, 0, TimeSpan.Zero));
        var version = new DataVersion(store, clock, new ZoneCalendar("Asia/Kolkata"));
        var before = await version.ViewDataAsync(CancellationToken.None);
        clock.Now = new DateTimeOffset(2026, 11, 21, 18, 29, 0, TimeSpan.Zero);
        Assert.Equal(before, await version.ViewDataAsync(CancellationToken.None));

        clock.Now = new DateTimeOffset(2026, 11, 21, 18, 31, 0, TimeSpan.Zero);

        Assert.NotEqual(before, await version.ViewDataAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CurrentAsync_PostgresStoreAfterAnAnalysisWritesAFinding_IsANewVersion()
    {
        await using var store = new PostgresMetricStore(await PostgresServer.Shared.CreateDatabaseAsync(), "version-test");
        await store.InitializeAsync();
        var version = new DataVersion(store, new FixedTimeProvider(Now), Tokyo);
        var before = await version.CurrentAsync(CancellationToken.None);
        Assert.Equal(before, await version.CurrentAsync(CancellationToken.None));

        await store.UpsertFindingsAsync([new Finding("prod", FindingKind.LatencyRegression, "/login", Now.AddHours(-3), null, Severity.Warning, FindingState.Open,
            "p95 of /login up 60 %", "evidence", new Dictionary<string, double>(), null, Now)]);

        Assert.NotEqual(before, await version.CurrentAsync(CancellationToken.None));
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task<(SqliteMetricStore Store, ViewDataCache Cache)> NewAsync(TempDirectory data)
    {
        var store = new SqliteMetricStore(Path.Combine(data.Path, "opsreport.db"));
        await store.InitializeAsync();
        return (store, new ViewDataCache(new DataVersion(store, new FixedTimeProvider(Now), Tokyo)));
    }
}
