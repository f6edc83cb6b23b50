using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Charts;

public sealed class TimeTicksTests
{
    private static readonly ZoneCalendar Tokyo = new("Asia/Tokyo");
    private static readonly ZoneCalendar Berlin = new("Europe/Berlin");

    // 2026-11-18 12:00 JST
    private static readonly DateTimeOffset TokyoNoon = Utc.At("2026-11-18T03:00Z");

    private static void AssertInsideRangeAndAscending(TimeWindow range, IReadOnlyList<AxisTick<DateTimeOffset>> ticks)
    {
        Assert.All(ticks, t => Assert.True(range.Contains(t.Value), $"tick {t.Value:O} outside {range}"));
        Assert.Equal(ticks.Select(t => t.Value).Order(), ticks.Select(t => t.Value));
    }

    [Fact]
    public void Compute_24HoursInTokyo_TicksEveryThreeLocalHoursAtMostEight()
    {
        var range = new TimeWindow(TokyoNoon.AddHours(-24), TokyoNoon);

        var ticks = TimeTicks.Compute(range, Tokyo);

        Assert.InRange(ticks.Count, 4, 8);
        AssertInsideRangeAndAscending(range, ticks);
        Assert.All(ticks, t =>
        {
            var local = Tokyo.ToLocal(t.Value);
            Assert.Equal(0, local.Minute);
            Assert.Equal(0, local.Hour % 3);
        });
        Assert.Equal(["12:00", "15:00", "18:00", "21:00", "11/18", "03:00", "06:00", "09:00"], ticks.Select(t => t.Label));
    }

    [Fact]
    public void Compute_24HoursStartingMidHour_StillOnLocalHourBoundariesAndAtMostEight()
    {
        var end = TokyoNoon.AddMinutes(30);
        var range = new TimeWindow(end.AddHours(-24), end);

        var ticks = TimeTicks.Compute(range, Tokyo);

        Assert.InRange(ticks.Count, 4, 8);
        AssertInsideRangeAndAscending(range, ticks);
        Assert.All(ticks, t => Assert.Equal((0, 0), (Tokyo.ToLocal(t.Value).Minute, Tokyo.ToLocal(t.Value).Second)));
    }

    [Fact]
    public void Compute_7DaysInTokyo_TicksAtLocalMidnights()
    {
        var range = new TimeWindow(TokyoNoon.AddDays(-7), TokyoNoon);

        var ticks = TimeTicks.Compute(range, Tokyo);

        Assert.InRange(ticks.Count, 4, 8);
        AssertInsideRangeAndAscending(range, ticks);
        Assert.All(ticks, t => Assert.Equal(TimeSpan.Zero, Tokyo.ToLocal(t.Value).TimeOfDay));
        Assert.Equal(Utc.At("2026-11-11T15:00Z"), ticks[0].Value);
        Assert.Equal("Thu 11/12", ticks[0].Label);
    }

    [Fact]
    public void Compute_30DaysInTokyo_TicksAtLocalMondayMidnights()
    {
        var range = new TimeWindow(TokyoNoon.AddDays(-30), TokyoNoon);

        var ticks = TimeTicks.Compute(range, Tokyo);

        Assert.InRange(ticks.Count, 4, 8);
        AssertInsideRangeAndAscending(range, ticks);
        Assert.All(ticks, t =>
        {
            var local = Tokyo.ToLocal(t.Value);
            Assert.Equal(TimeSpan.Zero, local.TimeOfDay);
            Assert.Equal(DayOfWeek.Monday, local.DayOfWeek);
        });
        Assert.Equal("11/16", ticks[^1].Label);
    }

    [Fact]
    public void Compute_25HourBerlinFallBackDay_TicksOnLocalHoursAtMostEight()
    {
        var range = Berlin.Day(new DateOnly(2026, 10, 25));

        var ticks = TimeTicks.Compute(range, Berlin);

        Assert.InRange(ticks.Count, 3, 8);
        AssertInsideRangeAndAscending(range, ticks);
        Assert.All(ticks, t => Assert.Equal(0, Berlin.ToLocal(t.Value).Minute));
        Assert.Equal(range.Start, ticks[0].Value);
        Assert.Equal("10/25", ticks[0].Label);
    }

    [Fact]
    public void Compute_7DaysInBerlinAcrossSpringForward_TicksAtLocalMidnightsOnBothSides()
    {
        var range = Berlin.IsoWeek(2026, 13);

        var ticks = TimeTicks.Compute(range, Berlin);

        Assert.Equal(7, ticks.Count);
        AssertInsideRangeAndAscending(range, ticks);
        Assert.All(ticks, t => Assert.Equal(TimeSpan.Zero, Berlin.ToLocal(t.Value).TimeOfDay));
        Assert.Equal(Utc.At("2026-03-28T23:00Z"), ticks[^1].Value);
    }
}
