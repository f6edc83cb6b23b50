using System.Collections.Concurrent;
using Npgsql;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Tests.Support;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Runner;

/// <summary>
/// Several collectors on one store (two processes on one SQLite file, two instances on one PostgreSQL database): together
/// they store exactly what one collector stores, and no window is requested from the source twice.
/// </summary>
public sealed class CollectionRunnerReplicaTests(ITestOutputHelper output)
{
    private const int BackfillDays = 3;

    [Fact]
    public async Task RunOnceAsync_TwoCollectorsOnOnePostgresDatabase_StoreWhatOneStoresAndRequestNoWindowTwice()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var first = new PostgresMetricStore(database);
        await using var second = new PostgresMetricStore(database);
        await first.InitializeAsync();

        var requests = await RunTwoCollectorsAsync(first, second);

        AssertNoWindowRequestedTwice(requests);
        Stores.AssertSame(await SingleCollectorDumpAsync(), await PostgresDumpAsync(database));
    }

    [Fact]
    public async Task RunOnceAsync_TwoCollectorsOnOneSqliteFile_StoreWhatOneStoresAndRequestNoWindowTwice()
    {
        await using var temp = await TempStore.CreateAsync();
        var second = new SqliteMetricStore(temp.Store.DatabasePath);

        var requests = await RunTwoCollectorsAsync(temp.Store, second);

        AssertNoWindowRequestedTwice(requests);
        Stores.AssertSame(await SingleCollectorDumpAsync(), await temp.DumpAsync());
    }

    [Fact]
    public async Task RunOnceAsync_LeaseHolderStoppedMidWindow_StreamIsLeftAloneUntilExpiryThenTakenOver()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var crashed = new PostgresMetricStore(database);
        await using var survivor = new PostgresMetricStore(database);
        await crashed.InitializeAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: BackfillDays);
        var stream = new StreamId("demo", "prod", DemoSource.LatencyStream);
        // What a killed process leaves: the stream's lease and a run it never finished.
        Assert.True(await crashed.TryAcquireLeaseAsync(LeaseNames.Collect(stream), options.Store.LeaseDuration, time.GetUtcNow()));
        var orphan = await crashed.StartRunAsync(stream, new TimeWindow(DemoSetup.Now.AddDays(-BackfillDays), DemoSetup.Now.AddDays(-2)), time.GetUtcNow());
        var runner = RunnerSetup.Runner(survivor, time, options, DemoSetup.Source(survivor, time, options));

        var whileHeld = await runner.RunOnceAsync(new CollectionRequest(Environment: "prod"), null, CancellationToken.None);
        var watermarkWhileHeld = await survivor.GetWatermarkAsync(stream);
        time.Advance(options.Store.LeaseDuration + TimeSpan.FromSeconds(1));
        var afterExpiry = await runner.RunOnceAsync(new CollectionRequest(Environment: "prod"), null, CancellationToken.None);

        var held = Assert.Single(whileHeld.HeldElsewhere!);
        Assert.Contains(crashed.InstanceId, held, StringComparison.Ordinal);
        Assert.Null(watermarkWhileHeld);
        Assert.Empty(afterExpiry.HeldElsewhere!);
        Assert.Empty(afterExpiry.Failures);
        Assert.NotNull(await survivor.GetWatermarkAsync(stream));
        var runs = (await survivor.GetRunsAsync("prod", 1000)).ToDictionary(r => r.Id);
        Assert.Equal(RunStatus.Abandoned, runs[orphan].Status);
        Assert.Contains(runs.Values, r => r.Stream == DemoSource.LatencyStream && r.Status == RunStatus.Succeeded);
        // The survivor gave the lease up when its pass ended, so the next instance need not wait for an expiry.
        Assert.DoesNotContain(await survivor.GetLeasesAsync(time.GetUtcNow()), l => l.Name == LeaseNames.Collect(stream));
    }

    /// <summary>Two runners, each with its own store object and demo source, started together; returns every request made.</summary>
    private async Task<ConcurrentBag<(StreamId Stream, TimeWindow Window)>> RunTwoCollectorsAsync(IMetricStore first, IMetricStore second)
    {
        var requests = new ConcurrentBag<(StreamId, TimeWindow)>();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: BackfillDays);
        CollectionRunner Runner(IMetricStore store) => RunnerSetup.Runner(store, time, options,
            new WrappedSource(DemoSetup.Source(store, time, options), (stream, window, _) => requests.Add((stream.Id, window))));
        var runners = new[] { Runner(first), Runner(second) };

        var summaries = await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None))));

        output.WriteLine(string.Join(Environment.NewLine, summaries.Select(s => s.ToString())));
        Assert.All(summaries, s => Assert.Empty(s.Failures));
        // Each stream was collected by one of them: the other found it held, or came after it and found nothing new.
        Assert.Equal(12, requests.Select(r => r.Item1).Distinct().Count());
        Assert.Equal(summaries.Sum(s => s.PointsWritten), (await first.GetRunsAsync(null, 10_000)).Sum(r => r.PointsWritten));
        return requests;
    }

    private static void AssertNoWindowRequestedTwice(IEnumerable<(StreamId Stream, TimeWindow Window)> requests)
    {
        foreach (var group in requests.GroupBy(r => r.Stream))
        {
            var windows = group.Select(r => r.Window).OrderBy(w => w.Start).ToList();
            for (var i = 1; i < windows.Count; i++)
                Assert.True(windows[i].Start >= windows[i - 1].End, $"{group.Key}: {windows[i - 1]} and {windows[i]} were both requested.");
        }
    }

    private static async Task<List<(string Key, long Ts, double Value)>> SingleCollectorDumpAsync()
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: BackfillDays);
        await RunnerSetup.Runner(temp.Store, time, options, DemoSetup.Source(temp.Store, time, options)).RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
        return await temp.DumpAsync();
    }

    private static async Task<List<(string Key, long Ts, double Value)>> PostgresDumpAsync(string connectionString)
    {
        var rows = new List<(string, long, double)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT s.key, p.ts, p.value FROM points p JOIN series s ON s.id = p.series_id ORDER BY s.key COLLATE \"C\", p.ts;", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
        return rows;
    }
}
