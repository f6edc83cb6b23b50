using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Analysis;

public sealed class CalendarTests
{
    [Fact]
    public void JapaneseHolidays_2026_MatchTheCabinetOfficeList()
    {
        // 2026: 3 May is a Sunday (substitute 6 May); 22 Sep lies between Respect for the Aged Day and the equinox.
        DateOnly[] expected =
        [
            new(2026, 1, 1), new(2026, 1, 12), new(2026, 2, 11), new(2026, 2, 23), new(2026, 3, 20), new(2026, 4, 29),
            new(2026, 5, 3), new(2026, 5, 4), new(2026, 5, 5), new(2026, 5, 6), new(2026, 7, 20), new(2026, 8, 11),
            new(2026, 9, 21), new(2026, 9, 22), new(2026, 9, 23), new(2026, 10, 12), new(2026, 11, 3), new(2026, 11, 23),
        ];

        Assert.Equal(expected, JapaneseHolidays.For(2026).Order());
    }

    [Theory]
    [InlineData("2025-11-24")] // Labour Thanksgiving on a Sunday, moved to Monday
    [InlineData("2025-03-20")] // vernal equinox
    [InlineData("2027-09-23")] // autumnal equinox
    [InlineData("2024-02-12")] // National Foundation Day on a Sunday
    public void JapaneseHolidays_KnownDays_AreHolidays(string day) =>
        Assert.Contains(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), JapaneseHolidays.Between(2024, 2027));

    [Fact]
    public void AnalysisCalendar_ExtraHolidaysAndNone_AreHonoured()
    {
        var zone = new ZoneCalendar("Asia/Tokyo");
        var none = AnalysisCalendar.From(zone, new AnalysisOptions { HolidayCalendar = "None", ExtraHolidays = ["2026-12-30"] });

        Assert.False(none.IsHoliday(new DateOnly(2026, 11, 3)));
        Assert.True(none.IsHoliday(new DateOnly(2026, 12, 30)));
        Assert.True(none.IsOffDay(new DateOnly(2026, 11, 21)));
    }

    [Theory]
    [InlineData("2026-11-30", "2026-10-31")]
    [InlineData("2026-11-28", "2026-10-29")]
    [InlineData("2026-12-01", "2026-11-01")]
    [InlineData("2026-03-03", "2026-02-03")]
    [InlineData("2026-03-31", "2026-02-28")]
    public void PreviousMonthEdge_MapsByPositionFromTheEdge(string day, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            AnalysisCalendar.PreviousMonthEdge(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void PreviousMonthEdge_MiddleOfTheMonth_IsNull() => Assert.Null(AnalysisCalendar.PreviousMonthEdge(new DateOnly(2026, 11, 15)));

    [Fact]
    public void TimeAxis_DstZone_DaysBackKeepsTheLocalHour()
    {
        var calendar = AnalysisCalendar.From(new ZoneCalendar("Europe/Berlin"), new AnalysisOptions { HolidayCalendar = "None" });
        // 2026-03-29 02:00 local: clocks go forward; a week later 10:00 local is 08:00 UTC, a week before 09:00 UTC.
        var start = new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);
        var axis = calendar.Axis(start, TimeSpan.FromHours(1), 24 * 20);
        var i = axis.IndexOf(new DateTimeOffset(2026, 4, 2, 8, 0, 0, TimeSpan.Zero));

        var j = axis.DaysBack(i, 7);

        Assert.Equal(new DateTimeOffset(2026, 3, 26, 9, 0, 0, TimeSpan.Zero), axis.TimeAt(j));
        Assert.Equal(10, axis.Local(j).Hour);
    }
}
