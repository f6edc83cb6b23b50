using OpsReport.Core.Dashboards;
using OpsReport.Core.Time;
using OpsReport.Reports.Tests.Support;

namespace OpsReport.Reports.Tests;

public sealed class ReportPeriodTests
{
    [Theory]
    [InlineData("2026-W47", 2026, 47)]
    [InlineData("2026-w01", 2026, 1)]
    [InlineData(" 2026-W5 ", 2026, 5)]
    [InlineData("2026-W53", 2026, 53)]
    public void Parse_IsoWeek_ReturnsYearAndWeek(string text, int year, int week)
    {
        var period = ReportPeriod.Parse(text);

        Assert.Equal(ReportPeriod.IsoWeek(year, week), period);
        Assert.Equal(ReportPeriodKind.Week, period.Kind);
    }

    [Fact]
    public void Parse_WeekBeyondTheYear_ThrowsNamingTheInputAndTheForms()
    {
        var e = Assert.Throws<ArgumentException>(() => ReportPeriod.Parse("2026-W60"));

        Assert.Equal("--period '2026-W60' is not an ISO week (e.g. 2026-W47), a date (2026-11-21) or a date range (2026-11-16..2026-11-20).", e.Message);
    }

    [Theory]
    [InlineData("2027-W53")] // 2027 has 52 ISO weeks
    [InlineData("2026-W00")]
    [InlineData("2026-47")]
    [InlineData("W47")]
    [InlineData("2026-11-31")]
    [InlineData("2026-11-20..2026-11-16")] // backwards
    [InlineData("2025-01-01..2026-11-16")] // longer than a year
    [InlineData("")]
    public void TryParse_NotAPeriod_ReturnsFalse(string text)
    {
        Assert.False(ReportPeriod.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Date_IsADay()
    {
        var period = ReportPeriod.Parse("2026-11-21");

        Assert.Equal(ReportPeriodKind.Day, period.Kind);
        Assert.Equal("2026-11-21", period.Name);
        Assert.Equal(new DateOnly(2026, 11, 14), period.Previous.FirstDay); // the same weekday a week earlier
    }

    [Fact]
    public void Parse_RangeOfOneIsoWeek_IsThatWeek()
    {
        Assert.Equal(ReportPeriod.IsoWeek(2026, 47), ReportPeriod.Parse("2026-11-16..2026-11-22"));
        Assert.Equal(ReportPeriod.IsoWeek(2026, 47), ReportPeriod.Parse("2026-11-16/2026-11-22"));
    }

    [Fact]
    public void Parse_Range_KeepsItsDaysAndComparesWithTheDaysBefore()
    {
        var period = ReportPeriod.Parse("2026-11-16..2026-11-20");

        Assert.Equal(ReportPeriodKind.Range, period.Kind);
        Assert.Equal("2026-11-16..2026-11-20", period.Name);
        Assert.Equal(5, period.Days);
        Assert.Equal("2026-11-11..2026-11-15", period.Previous.Name);
    }

    [Fact]
    public void Name_SingleDigitWeek_IsZeroPadded()
    {
        Assert.Equal("2026-W05", ReportPeriod.IsoWeek(2026, 5).Name);
    }

    [Fact]
    public void Previous_FirstWeekOfTheYear_IsTheLastWeekOfTheYearBefore()
    {
        Assert.Equal("2026-W53", ReportPeriod.IsoWeek(2027, 1).Previous.Name);
    }

    [Fact]
    public void PreviousComplete_TuesdayInTokyo_IsTheWeekBefore()
    {
        var period = ReportPeriod.PreviousComplete(WeeklyDataset.Now, WeeklyDataset.Calendar);

        Assert.Equal("2026-W47", period.Name);
    }

    [Fact]
    public void PreviousComplete_Daily_IsYesterdayInTheZone()
    {
        // 2026-11-22T15:30Z is Monday 00:30 in Tokyo: yesterday there is Sunday the 22nd, while in UTC it is still the 22nd.
        var period = ReportPeriod.PreviousComplete(new DateTimeOffset(2026, 11, 22, 15, 30, 0, TimeSpan.Zero), WeeklyDataset.Calendar, ReportCadence.Daily);

        Assert.Equal("2026-11-22", period.Name);
    }

    [Fact]
    public void PreviousComplete_MondayMorningInTokyoButSundayInUtc_UsesTheZonesWeek()
    {
        // 2026-11-22T15:30Z is Monday 00:30 of W48 in Tokyo, but still Sunday of W47 in UTC.
        var now = new DateTimeOffset(2026, 11, 22, 15, 30, 0, TimeSpan.Zero);

        var period = ReportPeriod.PreviousComplete(now, WeeklyDataset.Calendar);

        Assert.Equal("2026-W47", period.Name);
    }

    [Fact]
    public void Window_Week47InTokyo_StartsMondayMidnightLocal()
    {
        var window = ReportPeriod.IsoWeek(2026, 47).Window(WeeklyDataset.Calendar);

        Assert.Equal(new DateTimeOffset(2026, 11, 15, 15, 0, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(TimeSpan.FromDays(7), window.Duration);
        Assert.Equal(new DateOnly(2026, 11, 16), ReportPeriod.IsoWeek(2026, 47).FirstDay);
    }

    [Fact]
    public void Window_DstWeekInBerlin_Is169Hours()
    {
        var window = ReportPeriod.IsoWeek(2026, 43).Window(new ZoneCalendar("Europe/Berlin"));

        Assert.Equal(TimeSpan.FromHours(169), window.Duration);
        Assert.Equal(new DateTimeOffset(2026, 10, 18, 22, 0, 0, TimeSpan.Zero), window.Start);
    }
}
