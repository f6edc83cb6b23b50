using System.Diagnostics;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Runner;

public sealed class CollectionRunnerTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset End = TimeWindow.FloorToHour(DemoSetup.Now);

    [Fact]
    public async Task RunOnceAsync_FullBackfillOfThreeEnvironments_CompletesAndAdvancesEveryWatermark()
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: 35);
        var runner = RunnerSetup.Runner(temp.Store, time, options, DemoSetup.Source(temp.Store, time, options));
        var completed = new List<CollectionProgress>();

        var stopwatch = Stopwatch.StartNew();
        var summary = await runner.RunOnceAsync(new CollectionRequest(), new SyncProgress(completed), CancellationToken.None);
        stopwatch.Stop();

        output.WriteLine($"35-day backfill of 3 environments: {stopwatch.Elapsed.TotalSeconds:0.00} s — {summary}");
        Assert.Empty(summary.Failures);
        Assert.Equal(12, summary.Streams);
        Assert.Equal(3 * ((3 * 5) + 5), summary.Runs); // 35 days in weeks: 5 chunks per stream
        Assert.True(summary.PointsWritten > 1_000_000, $"{summary.PointsWritten} points");
        Assert.True(summary.PointsWritten < 1_500_000, $"{summary.PointsWritten} points");
        var watermarks = await temp.Store.GetWatermarksAsync();
        Assert.Equal(12, watermarks.Count);
        Assert.All(watermarks.Where(w => w.Key.Stream != DemoSource.CostStream), w => Assert.Equal(End, w.Value));
        Assert.All(watermarks.Where(w => w.Key.Stream == DemoSource.CostStream), w => Assert.Equal(new DateTimeOffset(2026, 11, 18, 0, 0, 0, TimeSpan.Zero), w.Value));
        Assert.Equal(12, completed.Count(p => p.Completed));
        var runs = await temp.Store.GetRunsAsync(limit: 1000);
        Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r.Status));
    }

    [Fact]
    public async Task RunOnceAsync_NothingNew_WritesNothing()
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: 3);
        var runner = RunnerSetup.Runner(temp.Store, time, options, DemoSetup.Source(temp.Store, time, options));
        await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
        var before = await temp.DumpAsync();

        var again = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);

        Assert.Equal(0, again.PointsWritten);
        Assert.Equal(0, again.Runs);
        Assert.Equal(12, again.Streams);
        Stores.AssertSame(before, await temp.DumpAsync());
    }

    [Fact]
    public async Task RunOnceAsync_OneHourLater_CollectsOnlyTheNewHour()
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: 3);
        var runner = RunnerSetup.Runner(temp.Store, time, options, DemoSetup.Source(temp.Store, time, options));
        await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);

        time.Advance(TimeSpan.FromHours(1));
        var next = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);

        Assert.Equal(9, next.Runs);
        var runs = await temp.Store.GetRunsAsync(limit: 9);
        Assert.All(runs, r => Assert.Equal(new TimeWindow(End, End.AddHours(1)), r.Window));
        Assert.Equal(End.AddHours(1), await temp.Store.GetWatermarkAsync(new StreamId("demo", "prod", "latency")));
    }

    [Fact]
    public async Task RunOnceAsync_ChunkFails_WatermarkStaysAtLastCommittedChunkAndOtherStreamsSucceed()
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: 21); // three weekly chunks per hourly stream
        var failing = 0;
        var source = new WrappedSource(DemoSetup.Source(temp.Store, time, options), (stream, _, _) =>
        {
            if (stream.Environment == "prod" && stream.Name == DemoSource.LatencyStream && ++failing == 3)
                throw new TimeoutException("upstream timed out\nafter 30 s");
        });
        var runner = RunnerSetup.Runner(temp.Store, time, options, source);

        var summary = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);

        var latency = new StreamId("demo", "prod", "latency");
        var start = CollectionRunner.Floor(DemoSetup.Now.AddDays(-21), TimeSpan.FromHours(1));
        Assert.Equal(start.AddDays(14), await temp.Store.GetWatermarkAsync(latency));
        Assert.Equal(["demo/prod/latency: upstream timed out after 30 s"], summary.Failures);
        var runs = await temp.Store.GetRunsAsync("prod", 1000);
        var latencyRuns = runs.Where(r => r.Stream == "latency").OrderBy(r => r.Id).ToList();
        Assert.Equal([RunStatus.Succeeded, RunStatus.Succeeded, RunStatus.Failed], latencyRuns.Select(r => r.Status));
        Assert.Equal("upstream timed out after 30 s", latencyRuns[^1].Error);
        Assert.Equal(0, latencyRuns[^1].PointsWritten);
        var watermarks = await temp.Store.GetWatermarksAsync();
        Assert.All(watermarks.Where(w => w.Key != latency && w.Key.Stream != DemoSource.CostStream), w => Assert.Equal(End, w.Value));

        // Nothing after the failed chunk was committed: the next pass picks up exactly there.
        var next = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
        Assert.Empty(next.Failures);
        Assert.Equal(End, await temp.Store.GetWatermarkAsync(latency));
    }

    [Fact]
    public async Task RunOnceAsync_BatchWithAFailedRequest_KeepsItsPointsButNotTheWatermarkAndRefetchesTheWindow()
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        // Long enough for several windows whatever the source's chunk size, so the failed one is not the first.
        var options = DemoSetup.Options(backfillDays: 21);
        var latency = new StreamId("demo", "prod", "latency");
        var source = new FailingWindowSource(DemoSetup.Source(temp.Store, time, options), latency, failOnAsk: 2);
        var runner = RunnerSetup.Runner(temp.Store, time, options, source);

        var summary = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);

        var failedWindow = Assert.IsType<TimeWindow>(source.FailedWindow);
        Assert.Equal(["demo/prod/latency: latency 1 of 3 queries timed out"], summary.Failures);
        Assert.Equal(failedWindow.Start, await temp.Store.GetWatermarkAsync(latency));
        var latencyRuns = (await temp.Store.GetRunsAsync("prod", 1000)).Where(r => r.Stream == "latency").OrderBy(r => r.Id).ToList();
        Assert.Equal([RunStatus.Succeeded, RunStatus.Failed], latencyRuns.Select(r => r.Status));
        Assert.True(latencyRuns[^1].PointsWritten > 0, "what came back is kept");
        var askedInFirstPass = source.Asked.Count(w => w.Stream == latency);

        // The next pass starts again at the failed window and, now complete, moves on to the end.
        source.Failing = false;
        var next = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
        Assert.Empty(next.Failures);
        Assert.Equal(failedWindow.Start, source.Asked.Where(w => w.Stream == latency).Skip(askedInFirstPass).First().Window.Start);
        Assert.Equal(End, await temp.Store.GetWatermarkAsync(latency));
    }

    [Fact]
    public async Task RunOnceAsync_SourceThrows_RecordedAsFailedRunAndOtherSourcesSucceed()
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: 2);
        var runner = RunnerSetup.Runner(temp.Store, time, options,
            new BrokenSource("broken", "connection refused"),
            new BrokenSource("unlisted", "no credentials", failListing: true),
            DemoSetup.Source(temp.Store, time, options));

        var summary = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);

        Assert.Contains("broken/prod/metrics: connection refused", summary.Failures);
        Assert.Contains("unlisted/prod/*: no credentials", summary.Failures);
        Assert.Equal(4, summary.Failures.Count);
        var runs = await temp.Store.GetRunsAsync(limit: 1000);
        var broken = Assert.Single(runs, r => r.Source == "broken");
        Assert.Equal(RunStatus.Failed, broken.Status);
        Assert.Equal("connection refused", broken.Error);
        Assert.Equal(3, runs.Count(r => r.Source == "unlisted" && r.Status == RunStatus.Failed));
        Assert.All(runs.Where(r => r.Source == "demo"), r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.Null(await temp.Store.GetWatermarkAsync(new StreamId("broken", "prod", "metrics")));
        Assert.Equal(12, (await temp.Store.GetWatermarksAsync()).Count);
    }

    [Fact]
    public async Task RunOnceAsync_CancelledMidBackfillThenRerun_SameStoreAsUninterrupted()
    {
        var expected = await UninterruptedAsync();
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: 15);
        using var cts = new CancellationTokenSource();
        var source = new WrappedSource(DemoSetup.Source(temp.Store, time, options), (_, _, call) =>
        {
            if (call == 7)
                cts.Cancel();
        });
        var runner = RunnerSetup.Runner(temp.Store, time, options, source);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunOnceAsync(new CollectionRequest(), null, cts.Token));
        var partial = await temp.DumpAsync();
        Assert.NotEmpty(partial);
        Assert.True(partial.Count < expected.Count);
        Assert.DoesNotContain(await temp.Store.GetRunsAsync(limit: 1000), r => r.Status == RunStatus.Running);

        var resumed = await RunnerSetup.Runner(temp.Store, time, options, source).RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);

        Assert.Empty(resumed.Failures);
        Stores.AssertSame(expected, await temp.DumpAsync());
    }

    [Fact]
    public async Task RunOnceAsync_ThrowsMidBackfillThenRerun_SameStoreAsUninterrupted()
    {
        var expected = await UninterruptedAsync();
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: 15);
        var source = new WrappedSource(DemoSetup.Source(temp.Store, time, options), (stream, _, call) =>
        {
            if (call is 3 or 9 or 14)
                throw new IOException("connection reset");
        });
        var runner = RunnerSetup.Runner(temp.Store, time, options, source);

        var first = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
        Assert.Equal(3, first.Failures.Count);

        var resumed = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);

        Assert.Empty(resumed.Failures);
        Stores.AssertSame(expected, await temp.DumpAsync());
    }

    [Fact]
    public async Task RunOnceAsync_ExplicitWindowAfterAGap_CollectsWithoutMovingTheWatermark()
    {
        var expected = await UninterruptedAsync();
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: 15);
        var runner = RunnerSetup.Runner(temp.Store, time, options, DemoSetup.Source(temp.Store, time, options));

        var explicitWindow = await runner.RunOnceAsync(new CollectionRequest("demo", "prod", End.AddDays(-2), End.AddDays(-1)), null, CancellationToken.None);

        Assert.True(explicitWindow.PointsWritten > 0);
        Assert.Empty(await temp.Store.GetWatermarksAsync());
        await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
        Stores.AssertSame(expected, await temp.DumpAsync());
    }

    [Fact]
    public async Task RunOnceAsync_ExplicitWindowBeforeTheWatermark_NeverMovesItBack()
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: 2);
        var runner = RunnerSetup.Runner(temp.Store, time, options, DemoSetup.Source(temp.Store, time, options));
        await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);

        var rerun = await runner.RunOnceAsync(new CollectionRequest("DEMO", "Prod", End.AddDays(-1), End.AddHours(-12)), null, CancellationToken.None);

        Assert.Equal(3, rerun.Runs);
        Assert.All(await temp.Store.GetWatermarksAsync(), w => Assert.True(w.Value >= End.AddHours(-24)));
        Assert.Equal(End, await temp.Store.GetWatermarkAsync(new StreamId("demo", "prod", "latency")));
    }

    [Theory]
    [InlineData("datadog", null, "Unknown source 'datadog'. Valid sources: demo.")]
    [InlineData(null, "qa", "Unknown environment 'qa'. Valid environments: prod, staging, demo.")]
    public async Task RunOnceAsync_UnknownName_ThrowsNamingTheValueAndTheValidNames(string? source, string? env, string message)
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options();
        var runner = RunnerSetup.Runner(temp.Store, time, options, DemoSetup.Source(temp.Store, time, options));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => runner.RunOnceAsync(new CollectionRequest(source, env), null, CancellationToken.None));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<(string Key, long Ts, double Value)>> UninterruptedAsync()
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var options = DemoSetup.Options(backfillDays: 15); // three weekly chunks per hourly stream
        var runner = RunnerSetup.Runner(temp.Store, time, options, DemoSetup.Source(temp.Store, time, options));
        var summary = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
        Assert.Empty(summary.Failures);
        return await temp.DumpAsync();
    }

    // Progress<T> posts to the thread pool; the test wants every report before RunOnceAsync returns.
    /// <summary>Marks one window of one stream as having a failed request (the points still come back), until told otherwise.</summary>
    /// <summary>Answers the <paramref name="failOnAsk"/>-th window asked of <paramref name="stream"/> with a failed request beside its data.</summary>
    private sealed class FailingWindowSource(Sources.ISource inner, StreamId stream, int failOnAsk) : Sources.ISource
    {
        public bool Failing { get; set; } = true;

        public TimeWindow? FailedWindow { get; private set; }

        public List<(StreamId Stream, TimeWindow Window)> Asked { get; } = [];

        public string Name => inner.Name;

        public IReadOnlyList<Sources.SourceStream> GetStreams(string environment) => inner.GetStreams(environment);

        public async Task<Sources.SourceBatch> CollectAsync(Sources.SourceStream source, TimeWindow asked, CancellationToken cancellationToken)
        {
            bool fail;
            lock (Asked)
            {
                Asked.Add((source.Id, asked));
                fail = Failing && source.Id == stream && Asked.Count(a => a.Stream == stream) == failOnAsk;
                if (fail)
                    FailedWindow = asked;
            }
            var batch = await inner.CollectAsync(source, asked, cancellationToken);
            return fail ? batch with { FailedRequests = ["latency 1 of 3 queries timed out"] } : batch;
        }
    }

    private sealed class SyncProgress(List<CollectionProgress> reports) : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value) => reports.Add(value);
    }
}
