using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;
using Xunit.Abstractions;

namespace OpsReport.Core.Tests.Panels;

/// <summary>The memory page projects a date only where the trend is significant, as the memory findings do.</summary>
public sealed class MemoryQueryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset AsOf = Utc.At("2026-11-18T03:00Z");
    private readonly TempStore _temp = new();

    [Fact]
    public async Task BuildAsync_FlatServicesWithNoiseAround55_NoProjection()
    {
        var services = Enumerable.Range(0, 12).Select(i => $"flat-{i:00}").ToList();
        foreach (var (service, seed) in services.Select((s, i) => (s, i)))
            await StoreAsync(service, Hourly(new Random(1000 + seed), h => 55 + (4 * Math.Sin(2 * Math.PI * ((h % 24) - 8) / 24)), noise: 2.5));

        var overview = await Query().BuildAsync("prod", new TimeWindow(AsOf.AddDays(-7), AsOf));

        foreach (var m in overview.Services)
            output.WriteLine($"{m.Service}: daily-peak slope {m.SlopePerDay:0.00}/day, projected {m.ProjectedAt?.ToString("u") ?? "-"}");
        Assert.Equal(services.Count, overview.Services.Count);
        Assert.All(overview.Services, m => Assert.Null(m.ProjectedAt));
        Assert.All(overview.Services, m => Assert.Equal(MemoryTrendSource.None, m.TrendSource));
    }

    [Fact]
    public async Task BuildAsync_ServiceGrowingTwoPointsADay_ProjectedToTheThreshold()
    {
        await StoreAsync("leaky", Hourly(new Random(7), h => 40 + (2.0 * h / 24), noise: 1.5));

        var overview = await Query().BuildAsync("prod", new TimeWindow(AsOf.AddDays(-7), AsOf));

        var leaky = Assert.Single(overview.Services);
        output.WriteLine($"slope {leaky.SlopePerDay:0.00}/day, projected {leaky.ProjectedAt:u}");
        Assert.Equal(MemoryTrendSource.DailyPeaks, leaky.TrendSource);
        Assert.NotNull(leaky.ProjectedAt);
        // From about 68 % now at 2 points a day: 90 % in about 11 days.
        Assert.InRange(leaky.ProjectedAt!.Value, AsOf.AddDays(8), AsOf.AddDays(14));
    }

    private MemoryQuery Query() => new(_temp.Store, new ZoneCalendar("Asia/Tokyo"), Options.Create(new OpsReportOptions()));

    // Fourteen days of hourly utilization: level(hour index) plus normal noise.
    private static List<Point> Hourly(Random random, Func<int, double> level, double noise)
    {
        var start = AsOf.AddDays(-14);
        return Enumerable.Range(0, 14 * 24).Select(h =>
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return new Point(start.AddHours(h), Math.Round(level(h) + (noise * z), 2));
        }).ToList();
    }

    private Task StoreAsync(string service, List<Point> points) =>
        _temp.Store.CommitAsync([new SeriesPoints(new SeriesKey(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, "prod"), (Dims.Service, service)), points)]);

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();
}
