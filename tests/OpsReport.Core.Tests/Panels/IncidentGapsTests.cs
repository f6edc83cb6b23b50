using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Panels;

/// <summary>
/// The incident view's "Collection gaps" list names only hours missing for a signal it charts, never the slowest
/// feed's watermark (a daily cost feed collected to this morning while latency, memory and logs are collected to now).
/// </summary>
public sealed class IncidentGapsTests : IAsyncLifetime
{
    private const string Env = "prod";
    private static readonly ZoneCalendar Tokyo = new("Asia/Tokyo");

    // Tue 17 Nov 2026, 09:00 – 21:00 in Tokyo; the page is looked at 30 minutes after the window ends.
    private static readonly TimeWindow Window = new(Utc.At("2026-11-17T00:00Z"), Utc.At("2026-11-17T12:00Z"));
    private static readonly DateTimeOffset Now = Window.End.AddMinutes(30);

    private readonly TempStore _temp = new();

    public async Task InitializeAsync()
    {
        await _temp.InitializeAsync();
        var hours = Enumerable.Range(0, 12).Select(h => Window.Start.AddHours(h)).ToList();
        SeriesPoints Hourly(string metric, double value, IEnumerable<DateTimeOffset> at, params (string, string)[] dims) =>
            new(new SeriesKey(metric, Resolution.Hour, dims.Append((Dims.Env, Env)).ToArray()), at.Select(t => new Point(t, value)).ToList());
        var path = (Dims.Path, "/api/orders");
        await _temp.Store.CommitAsync(
        [
            Hourly(Metrics.LatencyP95, 120, hours, path),
            Hourly(Metrics.Requests, 600, hours, path),
            Hourly(Metrics.Errors, 3, hours, path),
            Hourly(Metrics.LogBytes, 1e6, hours, (Dims.LogGroup, "/ecs/api")),
            // Memory stops reporting two hours before the window ends: the one signal with a hole.
            Hourly(Metrics.MemoryUtilization, 40, hours.Take(10), (Dims.Service, "api")),
        ], new WatermarkUpdate(new StreamId("demo", Env, "latency"), Window.End));
        // The daily cost feed ends at the start of today's billing date, hours before the hourly feeds.
        await _temp.Store.CommitAsync([], new WatermarkUpdate(new StreamId("cost", Env, "cost"), Window.Start.AddHours(3)));
    }

    public Task DisposeAsync() => _temp.DisposeAsync();

    [Fact]
    public async Task BuildAsync_DailyCostFeedBehindHourlyFeeds_ListsOnlyTheSignalThatMissesHours()
    {
        var data = await new IncidentQuery(_temp.Store, new TenantDirectory(_temp.Store), Tokyo).BuildAsync(Env, Window, Now);

        var gap = Assert.Single(data.Gaps);
        Assert.Equal((IncidentSignal?)IncidentSignal.Memory, gap.Signal);
        Assert.Equal((Window.End.AddHours(-2), Window.End), (gap.From, gap.To));
        Assert.Equal(gap, Assert.Single(data.GapsOf(IncidentSignal.Memory)) with { Signal = IncidentSignal.Memory });
        Assert.Empty(data.GapsOf(IncidentSignal.Latency));
    }

    [Fact]
    public async Task BuildAsync_HoursNoChartHas_AreOneEntryWithoutASignal()
    {
        var dayBefore = Window.Shift(TimeSpan.FromDays(-1));

        var data = await new IncidentQuery(_temp.Store, new TenantDirectory(_temp.Store), Tokyo).BuildAsync(Env, dayBefore, Now);

        var gap = Assert.Single(data.Gaps);
        Assert.Null(gap.Signal);
        Assert.Equal((dayBefore.Start, dayBefore.End), (gap.From, gap.To));
        Assert.All(Enum.GetValues<IncidentSignal>(), s => Assert.Single(data.GapsOf(s)));
    }

    [Fact]
    public async Task BuildAsync_WindowReachingPastNow_SaysTheRestIsNotCollectedYet()
    {
        var now = Window.End.AddHours(-4).AddMinutes(20);

        var data = await new IncidentQuery(_temp.Store, new TenantDirectory(_temp.Store), Tokyo).BuildAsync(Env, Window, now);

        // Up to 08:00 UTC every signal has its hours (memory's hole starts at 10:00, after now); the rest lies ahead.
        var gap = Assert.Single(data.Gaps);
        Assert.Equal((CollectionGapReason.NotCollectedYet, (IncidentSignal?)null), (gap.Reason, gap.Signal));
        Assert.Equal((Window.End.AddHours(-4), Window.End), (gap.From, gap.To));
    }
}
