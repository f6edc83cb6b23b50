using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Support;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>
/// The optional cap of OpsReport's own: a backfill that needs more requests than the cap paces itself (on the virtual
/// clock) so that no rolling hour holds more than the cap, and its summary still counts every request the fake received.
/// Without a cap (the default) nothing waits for it.
/// </summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogBudgetTests(DatadogDemoFixture demo, ITestOutputHelper output)
{
    [Fact]
    public async Task Collect_BackfillAboveTheBudget_PacesItselfWithinTheBudget()
    {
        const int budget = 12;
        await using var host = await DatadogTestHost.CreateAsync(demo, configure: dd => dd.RequestBudgetPerHour = budget, environments: ["prod"]);
        var progress = new List<CollectionProgress>();

        var summary = await host.CollectAsync(progress: new SyncProgress<CollectionProgress>(progress.Add));

        var times = host.Fake.Requests.Select(r => r.At).Order().ToList();
        var busiestHour = times.Max(t => times.Count(u => u >= t && u < t + TimeSpan.FromHours(1)));
        output.WriteLine($"{summary}; {times.Count} requests over {times[^1] - times[0]} (virtual), busiest hour {busiestHour}");
        Assert.Empty(summary.Failures);
        Assert.Equal(host.Fake.Requests.Count, summary.ApiCalls);
        Assert.True(times.Count > 2 * budget, $"only {times.Count} requests: the budget was never tested");
        Assert.True(busiestHour <= budget, $"{busiestHour} requests in one hour, budget {budget}");
        Assert.True(times[^1] - times[0] >= TimeSpan.FromHours(1), "the backfill did not have to wait");
        // Progress kept coming while it paced: every committed window was reported.
        Assert.Equal(summary.Runs, progress.Count(p => !p.Completed));
    }

    [Fact]
    public async Task Collect_AfterAnEarlierRunInTheSameHour_CountsItsRequestsAgainstTheBudget()
    {
        // Exactly what a one-day backfill of prod asks, so the first run uses the budget up.
        const int budget = 7;
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 1, configure: dd => dd.RequestBudgetPerHour = budget, environments: ["prod"]);
        var first = await host.CollectAsync();
        Assert.Empty(first.Failures);
        Assert.Equal(budget, first.ApiCalls);

        // A new process (a new factory) on the same store: the earlier run's requests still count for an hour, so
        // with the budget used up its first request waits until the oldest of them is an hour old.
        var later = new DatadogConnectionFactory(host.Options, name => host.Variables.GetValueOrDefault(name), host.Clock, host.Temp.Store);
        var pacer = later.For("prod").Organization.Pacer;
        var firstRunEnded = host.Clock.GetUtcNow();
        var oldest = host.Fake.Requests.Min(r => r.At);
        await pacer.WaitTurnAsync(CancellationToken.None);

        output.WriteLine($"first run {oldest:O}..{firstRunEnded:O}, next request allowed at {host.Clock.GetUtcNow():O}");
        Assert.True(pacer.Waited > TimeSpan.Zero);
        Assert.True(host.Clock.GetUtcNow() >= oldest + TimeSpan.FromHours(1) - TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Pacer_ManyCallers_NeverExceedTheBudgetInAnyHour()
    {
        var clock = new VirtualClock(DemoSetup.Now);
        var pacer = new DatadogRequestPacer(60, clock);
        var sent = new List<DateTimeOffset>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var at = await pacer.WaitTurnAsync(CancellationToken.None);
                lock (sent)
                    sent.Add(at);
            }
        })));

        sent.Sort();
        output.WriteLine($"{sent.Count} over {sent[^1] - sent[0]}, busiest hour {sent.Max(t => sent.Count(u => u >= t && u < t + TimeSpan.FromHours(1)))}");
        Assert.Equal(200, sent.Count);
        Assert.True(sent.Max(t => sent.Count(u => u >= t && u < t + TimeSpan.FromHours(1))) <= 60);
        Assert.True(sent[^1] - sent[0] >= TimeSpan.FromHours(2.9), "200 requests at 60 an hour cannot take less than about 3 hours");
    }

    [Fact]
    public async Task Pacer_NoCap_NeverWaits()
    {
        var clock = new VirtualClock(DemoSetup.Now);
        var pacer = new DatadogRequestPacer(0, clock);

        for (var i = 0; i < 5000; i++)
            await pacer.WaitTurnAsync(CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, clock.Elapsed);
        Assert.Equal(TimeSpan.Zero, pacer.Waited);
        Assert.Equal(5000, pacer.SentInLastHour);
    }

    [Fact]
    public async Task Pacer_OneCaller_UsesTheBudgetWithoutWaitingLongerThanNeeded()
    {
        // One caller, so the virtual clock only moves by the pacer's own waits (concurrent waiters overlap on it).
        var clock = new VirtualClock(DemoSetup.Now);
        var pacer = new DatadogRequestPacer(60, clock);
        var sent = new List<DateTimeOffset>();

        for (var i = 0; i < 200; i++)
            sent.Add(await pacer.WaitTurnAsync(CancellationToken.None));

        // 200 requests at 60 an hour take a bit over 3 hours, not much more.
        Assert.InRange(sent[^1] - sent[0], TimeSpan.FromHours(2.9), TimeSpan.FromHours(3.5));
        Assert.True(sent.Max(t => sent.Count(u => u >= t && u < t + TimeSpan.FromHours(1))) <= 60);
    }
}
