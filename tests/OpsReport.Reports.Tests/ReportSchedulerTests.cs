using System.Globalization;
using OpsReport.Core.Dashboards;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Scheduling;
using OpsReport.Reports.Tests.Support;

namespace OpsReport.Reports.Tests;

/// <summary>The scheduler driven by a hand-written manual clock: the right local Monday 09:00 across DST, and one catch-up after downtime.</summary>
public sealed class ReportSchedulerTests
{
    /// <summary>Monday 2026-11-23 09:00 in Tokyo (UTC+9, no DST).</summary>
    private static readonly DateTimeOffset TokyoMonday0900 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunOnceAsync_Tokyo_SendsThePreviousWeekAtMonday0900LocalOnce()
    {
        // Sunday 2026-11-22 21:00 in Tokyo.
        await using var host = await ReportTestHost.CreateAsync(now: new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var scheduler = host.Get<ReportScheduler>();
        Assert.Empty((await scheduler.RunOnceAsync()).Runs); // the first pass only starts tracking: nothing to catch up
        Assert.Equal(TokyoMonday0900, scheduler.NextRun(host.Get<DashboardCatalog>().Get("weekly"), host.Clock.GetUtcNow()));

        host.Clock.SetUtcNow(TokyoMonday0900.AddMinutes(-1));
        Assert.Empty((await scheduler.RunOnceAsync()).Runs);
        Assert.False(Directory.Exists(host.Outbox));

        host.Clock.SetUtcNow(TokyoMonday0900);
        var run = Assert.Single((await scheduler.RunOnceAsync()).Runs);

        Assert.Equal("weekly", run.Report);
        Assert.Equal(TokyoMonday0900, run.Slot);
        // weekly.yaml lists prod and staging; the dataset has prod only, so staging is not sent (never an empty report).
        var prod = run.Results.Single(r => r.Environment == "prod");
        Assert.Equal(SendStatus.Sent, prod.Status);
        Assert.Equal("2026-W47", prod.Period);
        Assert.Equal(SendStatus.NoData, run.Results.Single(r => r.Environment == "staging").Status);
        var eml = EmlFile.Parse(Assert.Single(Directory.GetFiles(host.Outbox, "*.eml")));
        Assert.Equal("[OpsReport] Acme Cloud prod — week of 2026-11-16", eml.Subject);

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty((await scheduler.RunOnceAsync()).Runs);
        Assert.Single(Directory.GetFiles(host.Outbox, "*.eml"));
    }

    [Theory]
    [InlineData("2026-10-25T12:00:00Z", "2026-10-26T08:00:00Z", "2026-W43")] // CEST → CET on Sunday 25 Oct: Monday 09:00 is 08:00Z
    [InlineData("2026-03-29T12:00:00Z", "2026-03-30T07:00:00Z", "2026-W13")] // CET → CEST on Sunday 29 Mar: Monday 09:00 is 07:00Z
    public async Task RunOnceAsync_BerlinAcrossDst_FiresAtMonday0900WallClock(string start, string expectedSlot, string expectedPeriod)
    {
        await using var host = await ReportTestHost.CreateAsync(new Dictionary<string, string?> { ["OpsReport:TimeZone"] = "Europe/Berlin" },
            seed: false, now: At(start));
        var scheduler = host.Get<ReportScheduler>();
        await scheduler.RunOnceAsync();
        var slot = At(expectedSlot);
        Assert.Equal(slot, scheduler.NextRun(host.Get<DashboardCatalog>().Get("weekly"), host.Clock.GetUtcNow()));

        // Seven times 24 hours after the Monday before would be an hour off: nothing fires then.
        host.Clock.SetUtcNow(slot.AddMinutes(-1));
        Assert.Empty((await scheduler.RunOnceAsync()).Runs);
        host.Clock.SetUtcNow(slot);
        var run = Assert.Single((await scheduler.RunOnceAsync()).Runs);

        Assert.Equal(slot, run.Slot);
        Assert.NotEmpty(run.Results);
        Assert.All(run.Results, r => Assert.Equal(expectedPeriod, r.Period));
        // The store is empty: nothing is sent, and that is recorded.
        Assert.All(run.Results, r => Assert.Equal(SendStatus.NoData, r.Status));
        Assert.NotEmpty(await host.Store.GetDeliveriesAsync());
    }

    [Fact]
    public async Task RunOnceAsync_AfterThreeWeeksDown_CatchesUpOnceWithTheLatestWeek()
    {
        // The last pass was on Sunday 1 Nov; back on Tuesday 24 Nov: the Mondays 2, 9, 16 and 23 Nov were all missed.
        await using var host = await ReportTestHost.CreateAsync(now: new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero));
        var scheduler = host.Get<ReportScheduler>();
        await scheduler.RunOnceAsync();

        host.Clock.SetUtcNow(WeeklyDataset.Now);
        var run = Assert.Single((await scheduler.RunOnceAsync()).Runs);

        Assert.Equal(TokyoMonday0900, run.Slot);
        Assert.Equal("2026-W47", run.Results.Single(r => r.Environment == "prod").Period);
        Assert.Single(Directory.GetFiles(host.Outbox, "*.eml"));
        Assert.Empty((await scheduler.RunOnceAsync()).Runs);
        Assert.Single(Directory.GetFiles(host.Outbox, "*.eml"));
    }

    [Fact]
    public async Task StartAsync_AfterDowntime_TheBackgroundServiceCatchesUpOnStart()
    {
        using var data = new TempFolder();
        await using (var before = await ReportTestHost.CreateAsync(dataDir: data.Path, now: new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero)))
            await before.Get<ReportScheduler>().RunOnceAsync();

        // The process was down over Monday 09:00 and starts again on Tuesday.
        await using var host = await ReportTestHost.CreateAsync(seed: false, dataDir: data.Path);
        var scheduler = host.Get<ReportScheduler>();
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!(Directory.Exists(host.Outbox) && Directory.GetFiles(host.Outbox, "*.eml").Length > 0) && DateTime.UtcNow < deadline)
                await Task.Delay(100);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }

        var eml = EmlFile.Parse(Assert.Single(Directory.GetFiles(host.Outbox, "*.eml")));
        Assert.Equal("[OpsReport] Acme Cloud prod — week of 2026-11-16", eml.Subject);
    }

    [Fact]
    public async Task RunOnceAsync_DailyDefinitionWithItsOwnZone_FiresEachLocalMorningForYesterday()
    {
        using var data = new TempFolder();
        var dashboards = ReportTestHost.DashboardsWith(data.Path, ("daily.yaml", """
            name: daily
            title: Daily numbers
            environments: [prod]
            time_zone: Europe/Berlin
            schedule: daily 07:30
            period: day
            sections:
              - section: latency
            """));
        // Tuesday 2026-11-17 12:00 in Berlin (UTC+1).
        await using var host = await ReportTestHost.CreateAsync(new Dictionary<string, string?> { ["OpsReport:DashboardsDir"] = dashboards },
            dataDir: data.Path, now: new DateTimeOffset(2026, 11, 17, 11, 0, 0, TimeSpan.Zero));
        var scheduler = host.Get<ReportScheduler>();
        await scheduler.RunOnceAsync();

        var slot = new DateTimeOffset(2026, 11, 18, 6, 30, 0, TimeSpan.Zero); // Wednesday 07:30 in Berlin
        host.Clock.SetUtcNow(slot);
        var runs = (await scheduler.RunOnceAsync()).Runs;

        var daily = Assert.Single(runs, r => r.Report == "daily");
        Assert.Equal(slot, daily.Slot);
        var result = Assert.Single(daily.Results);
        Assert.Equal("2026-11-17", result.Period);
        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal("[OpsReport] Acme Cloud prod — 2026-11-17", result.Subject);
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
