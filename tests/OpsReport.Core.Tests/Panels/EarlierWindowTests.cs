using System.Globalization;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;
using Xunit.Abstractions;

namespace OpsReport.Core.Tests.Panels;

/// <summary>
/// Each view range is compared with a window that does not overlap it: 24h with the same hours a week earlier (as the
/// overview's 24h compares the same weekday), 7d with the 7 days before, 30d with the 30 days before (a week's shift
/// would share 23 of its days). /memory, /logs and the overview's memory panel compare the same way and say so.
/// </summary>
public sealed class EarlierWindowTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset AsOf = Utc.At("2026-11-18T03:00Z");
    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    [Theory]
    [InlineData("24h", 7, "the same hours a week earlier", "1 週間前の同じ時間帯")]
    [InlineData("7d", 7, "the 7 days before", "直前の 7 日間")]
    [InlineData("30d", 30, "the 30 days before", "直前の 30 日間")]
    public void Of_OverviewRange_IsTheNamedWindowAndSharesNoHourWithTheRange(string range, int daysBack, string english, string japanese)
    {
        Assert.True(OverviewRanges.TryParse(range, out var parsed));
        var window = parsed.ChartWindow(AsOf);

        var earlier = EarlierWindow.Of(window);

        output.WriteLine($"{range}: {window} against {earlier}");
        Assert.Equal(window.Shift(-TimeSpan.FromDays(daysBack)), earlier);
        Assert.True(earlier.End <= window.Start, $"{earlier} overlaps {window}");
        Assert.Equal(english, EarlierWindow.Name(window, "en"));
        Assert.Equal(japanese, EarlierWindow.Name(window, "ja"));
    }

    [Fact]
    public async Task MemoryQuery_ThirtyDayRange_ComparesThePeakWithTheThirtyDaysBefore()
    {
        // 50 % throughout the 30 days before; 80 % ten days ago, inside the range and inside "30 days a week earlier".
        var start = AsOf.AddDays(-60);
        var points = Enumerable.Range(0, 60 * 24).Select(h => start.AddHours(h))
            .Select(t => new Point(t, t >= AsOf.AddDays(-10) && t < AsOf.AddDays(-10).AddHours(3) ? 80 : 50 + ((t.Hour % 4) * 0.5))).ToList();
        await _temp.Store.CommitAsync([new SeriesPoints(new SeriesKey(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, "prod"), (Dims.Service, "api")), points)]);
        var window = new TimeWindow(AsOf.AddDays(-30), AsOf);

        var overview = await new MemoryQuery(_temp.Store, new ZoneCalendar("Asia/Tokyo"), Options.Create(new OpsReportOptions())).BuildAsync("prod", window);

        var api = Assert.Single(overview.Services);
        output.WriteLine($"peak {api.Peak}, peak of the 30 days before {api.PeakLastWeek} ({api.LastWeek.Count} hours from {api.LastWeek[0].Timestamp:u})");
        Assert.Equal(80, api.Peak);
        Assert.Equal(51.5, api.PeakLastWeek);
        Assert.Equal(30 * 24, api.LastWeek.Count);
        Assert.All(api.LastWeek, p => Assert.True(p.Timestamp < window.Start));
    }

    [Fact]
    public async Task Queries_StoreHoldsFiveOfTheThirtyDaysBefore_ComparedPeakBytesAndDebugShareAreNoData()
    {
        // 35 days stored, as the demo backfills: "the 30 days before" a 30-day range holds its last 5 days only.
        var start = AsOf.AddDays(-35);
        var hours = Enumerable.Range(0, 35 * 24).Select(h => start.AddHours(h)).ToList();
        SeriesKey Key(string metric, string group, string? level = null) => level is null
            ? new(metric, Resolution.Hour, (Dims.Env, "prod"), (Dims.LogGroup, group))
            : new(metric, Resolution.Hour, (Dims.Env, "prod"), (Dims.LogGroup, group), (Dims.Level, level));
        await _temp.Store.CommitAsync(
        [
            new SeriesPoints(new SeriesKey(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, "prod"), (Dims.Service, "api")), hours.Select(t => new Point(t, 50)).ToList()),
            new SeriesPoints(Key(Metrics.LogBytes, "/ecs/api"), hours.Select(t => new Point(t, 1000)).ToList()),
            new SeriesPoints(Key(Metrics.LogEvents, "/ecs/api", "INFO"), hours.Select(t => new Point(t, 10)).ToList()),
        ]);
        var window = new TimeWindow(AsOf.AddDays(-30), AsOf);
        var options = Options.Create(new OpsReportOptions());

        var memory = Assert.Single((await new MemoryQuery(_temp.Store, new ZoneCalendar("Asia/Tokyo"), options).BuildAsync("prod", window)).Services);
        var logs = Assert.Single((await new LogsQuery(_temp.Store, options, new ZoneCalendar("Asia/Tokyo")).BuildAsync("prod", window)).Groups);

        output.WriteLine($"hours stored of the 30 days before: {memory.LastWeek.Count}; peak before {memory.PeakLastWeek?.ToString(CultureInfo.InvariantCulture) ?? "no data"}, bytes before {logs.BytesLastWeek?.ToString(CultureInfo.InvariantCulture) ?? "no data"}");
        Assert.Equal(5 * 24, memory.LastWeek.Count);
        Assert.Null(memory.PeakLastWeek);
        Assert.Null(logs.BytesLastWeek);
        Assert.Null(logs.DebugShareLastWeek);
        Assert.Equal(30 * 24 * 1000, logs.Bytes);
    }

    [Fact]
    public async Task LogsQuery_ThirtyDayRange_ComparesBytesAndDebugShareWithTheThirtyDaysBefore()
    {
        // 100 bytes an hour and 10 % DEBUG in the 30 days before; 1000 bytes an hour and 90 % DEBUG in the range.
        var start = AsOf.AddDays(-60);
        var hours = Enumerable.Range(0, 60 * 24).Select(h => start.AddHours(h)).ToList();
        bool Recent(DateTimeOffset t) => t >= AsOf.AddDays(-30);
        SeriesKey Events(string level) => new(Metrics.LogEvents, Resolution.Hour, (Dims.Env, "prod"), (Dims.LogGroup, "/aws/lambda/sync"), (Dims.Level, level));
        await _temp.Store.CommitAsync(
        [
            new SeriesPoints(new SeriesKey(Metrics.LogBytes, Resolution.Hour, (Dims.Env, "prod"), (Dims.LogGroup, "/aws/lambda/sync")),
                hours.Select(t => new Point(t, Recent(t) ? 1000 : 100)).ToList()),
            new SeriesPoints(Events("DEBUG"), hours.Select(t => new Point(t, Recent(t) ? 9 : 1)).ToList()),
            new SeriesPoints(Events("INFO"), hours.Select(t => new Point(t, Recent(t) ? 1 : 9)).ToList()),
        ]);
        var window = new TimeWindow(AsOf.AddDays(-30), AsOf);

        var logs = await new LogsQuery(_temp.Store, Options.Create(new OpsReportOptions()), new ZoneCalendar("Asia/Tokyo")).BuildAsync("prod", window);

        var group = Assert.Single(logs.Groups);
        output.WriteLine($"bytes {group.Bytes} against {group.BytesLastWeek} in the 30 days before; DEBUG {group.DebugShare:P0} against {group.DebugShareLastWeek:P0}");
        Assert.Equal(30 * 24 * 1000, group.Bytes);
        Assert.Equal(30 * 24 * 100, group.BytesLastWeek);
        Assert.Equal(0.1, group.DebugShareLastWeek!.Value, 6);
    }
}
