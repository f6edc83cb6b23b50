using OpsReport.Core.Domain;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Time;

public sealed class ZoneCalendarTests
{
    private static readonly ZoneCalendar Tokyo = new("Asia/Tokyo");
    private static readonly ZoneCalendar Berlin = new("Europe/Berlin");

    [Fact]
    public void DayOf_TokyoEarlyMorning_IsTheLocalDayStartingAt15UtcTheDayBefore()
    {
        // 2026-11-18 08:30 JST
        var day = Tokyo.DayOf(Utc.At("2026-11-17T23:30Z"));

        Assert.Equal(new TimeWindow(Utc.At("2026-11-17T15:00Z"), Utc.At("2026-11-18T15:00Z")), day);
    }

    [Fact]
    public void WeekOf_TokyoWednesday_StartsMonday0000JstWhichIsSunday1500Utc()
    {
        var week = Tokyo.WeekOf(Utc.At("2026-11-18T03:00Z"));

        Assert.Equal(new TimeWindow(Utc.At("2026-11-15T15:00Z"), Utc.At("2026-11-22T15:00Z")), week);
        Assert.Equal(DayOfWeek.Sunday, week.Start.DayOfWeek);
        Assert.Equal(DayOfWeek.Monday, Tokyo.ToLocal(week.Start).DayOfWeek);
    }

    [Fact]
    public void WeekOf_SundayEveningUtcIsMondayInTokyo_BelongsToTheNewWeek()
    {
        var justAfter = Tokyo.WeekOf(Utc.At("2026-11-22T15:00Z"));
        var justBefore = Tokyo.WeekOf(Utc.At("2026-11-22T14:59:59Z"));

        Assert.Equal(Utc.At("2026-11-22T15:00Z"), justAfter.Start);
        Assert.Equal(Utc.At("2026-11-15T15:00Z"), justBefore.Start);
    }

    [Fact]
    public void IsoWeek_2026Week47InTokyo_IsMonday16thToMonday23rdLocal()
    {
        var week = Tokyo.IsoWeek(2026, 47);

        Assert.Equal(new TimeWindow(Utc.At("2026-11-15T15:00Z"), Utc.At("2026-11-22T15:00Z")), week);
        Assert.Equal("2026-W47", Tokyo.IsoWeekName(week.Start));
        Assert.Equal("2026-W47", Tokyo.IsoWeekName(week.End.AddSeconds(-1)));
        Assert.Equal("2026-W48", Tokyo.IsoWeekName(week.End));
    }

    [Fact]
    public void IsoWeekName_FirstDaysOfJanuary_BelongToLastIsoWeekOfPreviousYear()
    {
        // Friday 2027-01-01 in Tokyo is in 2026-W53 (2026 has 53 ISO weeks).
        Assert.Equal("2026-W53", Tokyo.IsoWeekName(Utc.At("2027-01-01T03:00Z")));
        Assert.Equal("2026-W01", Tokyo.IsoWeekName(Utc.At("2025-12-29T03:00Z")));
    }

    [Fact]
    public void IsoWeekName_SingleDigitWeek_IsZeroPadded()
    {
        Assert.Equal("2026-W05", Tokyo.IsoWeekName(Tokyo.IsoWeek(2026, 5).Start));
    }

    [Fact]
    public void Day_BerlinSpringForward_Is23HoursLong()
    {
        var day = Berlin.Day(new DateOnly(2026, 3, 29));

        Assert.Equal(TimeSpan.FromHours(23), day.Duration);
        Assert.Equal(Utc.At("2026-03-28T23:00Z"), day.Start);
        Assert.Equal(Utc.At("2026-03-29T22:00Z"), day.End);
    }

    [Fact]
    public void Day_BerlinFallBack_Is25HoursLong()
    {
        var day = Berlin.Day(new DateOnly(2026, 10, 25));

        Assert.Equal(TimeSpan.FromHours(25), day.Duration);
        Assert.Equal(Utc.At("2026-10-24T22:00Z"), day.Start);
        Assert.Equal(Utc.At("2026-10-25T23:00Z"), day.End);
    }

    [Fact]
    public void WeekOf_BerlinWeekWithSpringForward_Is167HoursAndStartsAtLocalMidnights()
    {
        var week = Berlin.WeekOf(Utc.At("2026-03-26T12:00Z"));

        Assert.Equal(TimeSpan.FromHours(167), week.Duration);
        Assert.Equal(Utc.At("2026-03-22T23:00Z"), week.Start);
        Assert.Equal(Utc.At("2026-03-29T22:00Z"), week.End);
    }

    [Fact]
    public void DaysIn_BerlinWeekAcrossFallBack_GivesSevenContiguousLocalDays()
    {
        var week = Berlin.IsoWeek(2026, 43);

        var days = Berlin.DaysIn(week).ToList();

        Assert.Equal(7, days.Count);
        Assert.Equal(week.Start, days[0].Start);
        Assert.Equal(week.End, days[^1].End);
        Assert.All(days.Zip(days.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        Assert.Equal([24, 24, 24, 24, 24, 24, 25], days.Select(d => d.Duration.TotalHours));
    }

    [Fact]
    public void FromLocal_TimeSkippedBySpringForward_MovesToFirstValidInstant()
    {
        var utc = Berlin.FromLocal(new DateTime(2026, 3, 29, 2, 30, 0));

        Assert.Equal(Utc.At("2026-03-29T01:00Z"), utc);
    }

    [Fact]
    public void FromLocal_AmbiguousFallBackHour_TakesTheFirstOccurrence()
    {
        var utc = Berlin.FromLocal(new DateTime(2026, 10, 25, 2, 30, 0));

        Assert.Equal(Utc.At("2026-10-25T00:30Z"), utc);
    }

    [Fact]
    public void WeeksIn_TwoAndAHalfWeeks_GivesEveryOverlappingWeek()
    {
        var window = new TimeWindow(Tokyo.IsoWeek(2026, 46).Start.AddDays(3), Tokyo.IsoWeek(2026, 48).Start.AddDays(1));

        var weeks = Tokyo.WeeksIn(window).ToList();

        Assert.Equal([Tokyo.IsoWeek(2026, 46), Tokyo.IsoWeek(2026, 47), Tokyo.IsoWeek(2026, 48)], weeks);
    }

    [Fact]
    public void Constructor_UnknownZone_ThrowsArgumentExceptionNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new ZoneCalendar("Asia/Tokio"));

        Assert.Contains("'Asia/Tokio'", e.Message, StringComparison.Ordinal);
        Assert.Equal("ianaZone", e.ParamName);
    }
}
