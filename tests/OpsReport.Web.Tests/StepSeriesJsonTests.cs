using OpsReport.Core.Domain;
using OpsReport.Core.Time;
using OpsReport.Web.Api;

namespace OpsReport.Web.Tests;

/// <summary>The API's columnar series: one value per step, a missing step stays null, no point is ever dropped.</summary>
public sealed class StepSeriesJsonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 19, 0, 0, 0, TimeSpan.Zero);
    private static readonly ZoneCalendar Tokyo = new("Asia/Tokyo");

    [Fact]
    public void From_HourlyPointsWithAHole_OneValuePerHourAndNullForTheHole()
    {
        var points = new[] { new Point(T0, 1), new Point(T0.AddHours(1), 2), new Point(T0.AddHours(3), 4) };

        var series = StepSeriesJson.From(points, new TimeWindow(T0, T0.AddHours(5)), Resolution.Hour, Tokyo);

        Assert.Equal(T0, series.Start);
        Assert.Equal("PT1H", series.Step);
        Assert.Equal([1, 2, null, 4, null], series.Values);
        Assert.Null(series.Timestamps);
    }

    [Fact]
    public void From_LocalDays_StartsAtLocalMidnightWithOneValuePerDay()
    {
        // Tokyo midnight is 15:00 UTC the day before.
        var day1 = new DateTimeOffset(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);
        var points = new[] { new Point(day1, 10), new Point(day1.AddDays(2), 30) };

        var series = StepSeriesJson.From(points, new TimeWindow(day1, day1.AddDays(3)), Resolution.Day, Tokyo);

        Assert.Equal(day1, series.Start);
        Assert.Equal("P1D", series.Step);
        Assert.Equal([10, null, 30], series.Values);
    }

    [Fact]
    public void From_APointBetweenSteps_KeepsEveryPointWithItsTimestamp()
    {
        var points = new[] { new Point(T0, 1), new Point(T0.AddMinutes(30), 1.5), new Point(T0.AddHours(1), 2) };

        var series = StepSeriesJson.From(points, new TimeWindow(T0, T0.AddHours(2)), Resolution.Hour, Tokyo);

        Assert.Equal([1, 1.5, 2], series.Values);
        Assert.Equal(points.Select(p => p.Timestamp), series.Timestamps!);
    }
}
