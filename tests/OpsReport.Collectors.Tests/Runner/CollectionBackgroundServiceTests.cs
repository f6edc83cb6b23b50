using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Runner;

public sealed class CollectionBackgroundServiceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly CollectionSummary Nothing = new(0, 0, 0, 0, ApiUsage.None, [], TimeSpan.Zero);

    [Fact]
    public async Task ExecuteAsync_Started_RunsAtStartAndThenEveryInterval()
    {
        var time = new ManualTimeProvider(DemoSetup.Now);
        var passes = new PassCounter();
        using var service = Service(time, passes.RunAsync);

        await service.StartAsync(CancellationToken.None);
        await passes.WaitForAsync(1);
        await AdvanceWhenWaitingAsync(time, Interval - TimeSpan.FromSeconds(1));
        Assert.Equal(1, passes.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        await passes.WaitForAsync(2);
        await AdvanceWhenWaitingAsync(time, Interval);
        await passes.WaitForAsync(3);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_PassThrows_LogsAndRunsAgainNextInterval()
    {
        var time = new ManualTimeProvider(DemoSetup.Now);
        var passes = new PassCounter(failFirst: true);
        using var service = Service(time, passes.RunAsync);

        await service.StartAsync(CancellationToken.None);
        await passes.WaitForAsync(1);
        await AdvanceWhenWaitingAsync(time, Interval);
        await passes.WaitForAsync(2);

        Assert.False(service.ExecuteTask!.IsCompleted);
        await service.StopAsync(CancellationToken.None);
        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ExecuteAsync_CollectionDisabled_NeverRuns()
    {
        var options = DemoSetup.Options();
        options.Collection.Enabled = false;
        var passes = new PassCounter();
        using var service = new CollectionBackgroundService(passes.RunAsync, DemoSetup.Wrap(options), new ManualTimeProvider(DemoSetup.Now), NullLogger<CollectionBackgroundService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, passes.Count);
    }

    private static CollectionBackgroundService Service(ManualTimeProvider time, Func<CancellationToken, Task<CollectionSummary>> runOnce) =>
        new(runOnce, DemoSetup.Wrap(DemoSetup.Options()), time, NullLogger<CollectionBackgroundService>.Instance);

    // The service creates its delay timer after a pass ends; advancing the clock before that would be missed.
    private static async Task AdvanceWhenWaitingAsync(ManualTimeProvider time, TimeSpan by)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (time.ActiveTimers == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The service never started waiting for its next pass.");
            await Task.Delay(10);
        }
        time.Advance(by);
    }

    private sealed class PassCounter(bool failFirst = false)
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task<CollectionSummary> RunAsync(CancellationToken cancellationToken)
        {
            var count = Interlocked.Increment(ref _count);
            return failFirst && count == 1
                ? Task.FromException<CollectionSummary>(new InvalidOperationException("store locked"))
                : Task.FromResult(Nothing);
        }

        public async Task WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Only {Count} of {count} passes ran.");
                await Task.Delay(10);
            }
        }
    }
}
