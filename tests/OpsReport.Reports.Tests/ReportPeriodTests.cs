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

        Assert.Equal(new ReportPeriod(year, week), period);
    }

    [Fact]
    public void Parse_WeekBeyondTheYear_ThrowsNamingTheInputAndAnExample()
    {
        var e = Assert.Throws<ArgumentException>(() => ReportPeriod.Parse("2026-W60"));

        Assert.Equal("--period '2026-W60' is not an ISO week; expected e.g. 2026-W47.", e.Message);
    }

    [Theory]
    [InlineData("2027-W53")] // 2027 has 52 ISO weeks
    [InlineData("2026-W00")]
    [InlineData("2026-47")]
    [InlineData("W47")]
    [InlineData("2026-11-16")]
    [InlineData("")]
    public void TryParse_NotAnIsoWeek_ReturnsFalse(string text)
    {
        Assert.False(ReportPeriod.TryParse(text, out _));
    }

    [Fact]
    public void Name_SingleDigitWeek_IsZeroPadded()
    {
        Assert.Equal("2026-W05", new ReportPeriod(2026, 5).Name);
    }

    [Fact]
    public void PreviousComplete_TuesdayInTokyo_IsTheWeekBefore()
    {
        var period = ReportPeriod.PreviousComplete(WeeklyDataset.Now, WeeklyDataset.Calendar);

        Assert.Equal("2026-W47", period.Name);
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
        var window = new ReportPeriod(2026, 47).Window(WeeklyDataset.Calendar);

        Assert.Equal(new DateTimeOffset(2026, 11, 15, 15, 0, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(TimeSpan.FromDays(7), window.Duration);
        Assert.Equal(new DateOnly(2026, 11, 16), new ReportPeriod(2026, 47).Monday);
    }
}
