using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Panels;

public sealed class OverviewRangesTests
{
    private static readonly ZoneCalendar Tokyo = new("Asia/Tokyo");
    private static readonly ZoneCalendar Berlin = new("Europe/Berlin");

    [Theory]
    [InlineData(null, OverviewRange.Day)]
    [InlineData("", OverviewRange.Day)]
    [InlineData("24h", OverviewRange.Day)]
    [InlineData("7d", OverviewRange.Week)]
    [InlineData("30d", OverviewRange.Month)]
    public void TryParse_KnownName_GivesRangeThatNamesItselfTheSame(string? text, OverviewRange expected)
    {
        Assert.True(OverviewRanges.TryParse(text, out var range));
        Assert.Equal(expected, range);
        Assert.Contains(range.Name(), OverviewRanges.Names);
    }

    [Theory]
    [InlineData("1d")]
    [InlineData("7D")]
    [InlineData("week")]
    public void TryParse_UnknownName_IsFalse(string text)
    {
        Assert.False(OverviewRanges.TryParse(text, out _));
    }

    [Theory]
    [InlineData(OverviewRange.Day, 24)]
    [InlineData(OverviewRange.Week, 24 * 7)]
    [InlineData(OverviewRange.Month, 24 * 30)]
    public void ChartWindow_Range_EndsAtTheLastCompleteHour(OverviewRange range, int hours)
    {
        var window = range.ChartWindow(Utc.At("2026-11-18T03:41:07Z"));

        Assert.Equal(Utc.At("2026-11-18T03:00Z"), window.End);
        Assert.Equal(TimeSpan.FromHours(hours), window.Duration);
    }

    [Fact]
    public void ChartStep_EachRange_MonthIsDailyOthersHourly()
    {
        Assert.Equal(Resolution.Hour, OverviewRange.Day.ChartStep());
        Assert.Equal(Resolution.Hour, OverviewRange.Week.ChartStep());
        Assert.Equal(Resolution.Day, OverviewRange.Month.ChartStep());
    }

    [Fact]
    public void Periods_DayInTokyo_IsYesterdayAgainstTheSameWeekdayAWeekEarlier()
    {
        var periods = OverviewRange.Day.Periods(Utc.At("2026-11-18T03:00Z"), Tokyo);

        Assert.Equal(Tokyo.Day(new DateOnly(2026, 11, 17)), periods.Current);
        Assert.Equal(Tokyo.Day(new DateOnly(2026, 11, 10)), periods.Previous);
        Assert.Equal(Resolution.Day, periods.Resolution);
        Assert.Equal("Yesterday (Tue 11/17)", periods.CurrentLabel);
        Assert.Equal("Tue 11/10", periods.PreviousLabel);
    }

    [Fact]
    public void Periods_DayJustAfterLocalMidnight_YesterdayIsTheLocalDayThatJustEnded()
    {
        // 00:30 JST on Wednesday is still Tuesday in UTC.
        var periods = OverviewRange.Day.Periods(Utc.At("2026-11-17T15:30Z"), Tokyo);

        Assert.Equal(Tokyo.Day(new DateOnly(2026, 11, 17)), periods.Current);
    }

    [Fact]
    public void Periods_DayAfterBerlinFallBack_ComparesA25HourDayWithA24HourDay()
    {
        var periods = OverviewRange.Day.Periods(Utc.At("2026-10-26T09:00Z"), Berlin);

        Assert.Equal(TimeSpan.FromHours(25), periods.Current.Duration);
        Assert.Equal(TimeSpan.FromHours(24), periods.Previous.Duration);
        Assert.Equal("Yesterday (Sun 10/25)", periods.CurrentLabel);
    }

    [Fact]
    public void Periods_WeekEarlyOnMonday_IsTheLastCompleteIsoWeekAgainstTheOneBefore()
    {
        // Monday 2026-11-23 05:00 JST: week 48 is five hours old.
        var periods = OverviewRange.Week.Periods(Utc.At("2026-11-22T20:00Z"), Tokyo);

        Assert.Equal(Tokyo.IsoWeek(2026, 47), periods.Current);
        Assert.Equal(Tokyo.IsoWeek(2026, 46), periods.Previous);
        Assert.Equal(("2026-W47", "2026-W46"), (periods.CurrentLabel, periods.PreviousLabel));
    }

    [Fact]
    public void Periods_WeekMidweek_IsThisWeekSoFarAgainstTheSameSpanOfLastWeek()
    {
        // Wednesday 2026-11-18 12:20 JST.
        var periods = OverviewRange.Week.Periods(Utc.At("2026-11-18T03:20Z"), Tokyo);

        Assert.Equal(new TimeWindow(Tokyo.IsoWeek(2026, 47).Start, Utc.At("2026-11-18T03:00Z")), periods.Current);
        Assert.Equal(periods.Current.Shift(TimeSpan.FromDays(-7)), periods.Previous);
        Assert.Equal(Resolution.Week, periods.Resolution);
        Assert.Equal(("2026-W47 so far", "2026-W46"), (periods.CurrentLabel, periods.PreviousLabel));
    }

    [Fact]
    public void Weeks_IsoWeek_ComparesWithTheWeekBefore()
    {
        var periods = OverviewRanges.Weeks(Berlin.IsoWeek(2026, 14), Berlin);

        Assert.Equal(Berlin.IsoWeek(2026, 13), periods.Previous);
        Assert.Equal(TimeSpan.FromHours(167), periods.Previous.Duration);
        Assert.Equal(("2026-W14", "2026-W13"), (periods.CurrentLabel, periods.PreviousLabel));
        Assert.Equal(Resolution.Week, periods.Resolution);
    }
}
