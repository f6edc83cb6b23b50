using System.Globalization;
using OpsReport.Core.Dashboards;

namespace OpsReport.Core.Tests.Dashboards;

public sealed class CronScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Theory]
    [InlineData("weekly Monday 09:00", "0 9 * * 1")]
    [InlineData("weekly mon 9:30", "30 9 * * 1")]
    [InlineData("Weekly Sunday 23:59", "59 23 * * 0")]
    [InlineData("daily 07:05", "5 7 * * *")]
    [InlineData("weekdays 08:00", "0 8 * * 1-5")]
    [InlineData("0 9 * * MON", "0 9 * * MON")]
    [InlineData("*/15 8-18 * * 1-5", "*/15 8-18 * * 1-5")]
    public void Parse_FriendlyAndCron_GivesTheCronExpression(string text, string cron)
    {
        Assert.Equal(cron, CronSchedule.Parse(text).Cron);
    }

    [Theory]
    [InlineData("weekly Funday 09:00")]
    [InlineData("daily 25:00")]
    [InlineData("0 9 * *")]
    [InlineData("60 9 * * 1")]
    [InlineData("0 9 * * 8")]
    [InlineData("0 9 30 2 *")] // never fires
    [InlineData("")]
    public void TryParse_Invalid_ExplainsWhatIsExpected(string text)
    {
        Assert.False(CronSchedule.TryParse(text, out _, out var error));
        Assert.StartsWith("schedule '", error, StringComparison.Ordinal);
    }

    [Theory]
    // Autumn: Monday 19 Oct 09:00 CEST is 07:00Z; a week later, after the change to CET, 09:00 is 08:00Z.
    [InlineData("2026-10-19T07:00:00Z", "2026-10-26T08:00:00Z")]
    // Spring: Monday 23 Mar 09:00 CET is 08:00Z; after the change to CEST, 09:00 is 07:00Z.
    [InlineData("2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z")]
    [InlineData("2026-10-25T00:00:00Z", "2026-10-26T08:00:00Z")]
    public void Next_WeeklyMonday0900InBerlin_IsNineOClockLocalAcrossDst(string after, string expected)
    {
        var schedule = CronSchedule.Parse("weekly Monday 09:00");

        Assert.Equal(At(expected), schedule.Next(At(after), Berlin));
    }

    [Fact]
    public void Next_WeeklyMonday0900InTokyo_IsMidnightUtcOnMonday()
    {
        var schedule = CronSchedule.Parse("weekly Monday 09:00");

        // Sunday 2026-11-22 23:59 in Tokyo, and exactly at the firing (strictly after: the following week).
        Assert.Equal(At("2026-11-23T00:00:00Z"), schedule.Next(At("2026-11-22T14:59:00Z"), Tokyo));
        Assert.Equal(At("2026-11-30T00:00:00Z"), schedule.Next(At("2026-11-23T00:00:00Z"), Tokyo));
    }

    [Fact]
    public void Next_TimeSkippedBySpringForward_FiresAtTheChange()
    {
        // 02:30 does not exist in Berlin on Sunday 29 Mar 2026 (02:00 CET → 03:00 CEST at 01:00Z).
        var schedule = CronSchedule.Parse("30 2 * * *");

        Assert.Equal(At("2026-03-29T01:00:00Z"), schedule.Next(At("2026-03-28T12:00:00Z"), Berlin));
        Assert.Equal(At("2026-03-30T00:30:00Z"), schedule.Next(At("2026-03-29T01:00:00Z"), Berlin));
    }

    [Fact]
    public void Next_TimeRepeatedByFallBack_FiresOnceAtTheFirstOccurrence()
    {
        // 02:30 happens twice in Berlin on Sunday 25 Oct 2026: 00:30Z (CEST) and 01:30Z (CET).
        var schedule = CronSchedule.Parse("30 2 * * *");

        Assert.Equal(At("2026-10-25T00:30:00Z"), schedule.Next(At("2026-10-24T12:00:00Z"), Berlin));
        Assert.Equal(At("2026-10-26T01:30:00Z"), schedule.Next(At("2026-10-25T00:30:00Z"), Berlin));
    }

    [Fact]
    public void Next_DayOfMonthAndWeekdayBothSet_MatchesEither()
    {
        // Vixie cron: "on the 1st, and on every Friday".
        var schedule = CronSchedule.Parse("0 9 1 * 5");

        Assert.Equal(At("2026-11-27T09:00:00Z"), schedule.Next(At("2026-11-24T00:00:00Z"), TimeZoneInfo.Utc));
        Assert.Equal(At("2026-12-01T09:00:00Z"), schedule.Next(At("2026-11-27T09:00:00Z"), TimeZoneInfo.Utc));
        Assert.Equal(At("2026-12-01T09:00:00Z"), schedule.Latest(At("2026-11-27T09:00:00Z"), At("2026-12-03T00:00:00Z"), TimeZoneInfo.Utc));
        Assert.Equal(At("2026-11-27T09:00:00Z"), schedule.Latest(At("2026-11-24T00:00:00Z"), At("2026-11-30T00:00:00Z"), TimeZoneInfo.Utc));
    }

    [Fact]
    public void Next_RangeRunningBackwards_WrapsAroundAsCronosReadsIt()
    {
        // Cronos reads 23-1 as 23,0,1 (its documented extension of cron); the firings cross midnight.
        var schedule = CronSchedule.Parse("0 23-1 * * *");

        var firings = new List<DateTimeOffset>();
        for (var at = At("2026-11-23T22:30:00Z"); firings.Count < 4; at = firings[^1])
            firings.Add(schedule.Next(at, TimeZoneInfo.Utc)!.Value);

        Assert.Equal([At("2026-11-23T23:00:00Z"), At("2026-11-24T00:00:00Z"), At("2026-11-24T01:00:00Z"), At("2026-11-24T23:00:00Z")], firings);
    }

    [Fact]
    public void Latest_SeveralOccurrencesMissed_IsOnlyTheLastOne()
    {
        var schedule = CronSchedule.Parse("weekly Monday 09:00");

        var latest = schedule.Latest(At("2026-11-01T00:00:00Z"), At("2026-11-24T03:00:00Z"), Tokyo);

        Assert.Equal(At("2026-11-23T00:00:00Z"), latest);
        Assert.Null(schedule.Latest(At("2026-11-23T00:00:00Z"), At("2026-11-29T00:00:00Z"), Tokyo));
        Assert.Equal(At("2026-11-23T00:00:00Z"), schedule.Latest(At("2026-11-22T23:59:00Z"), At("2026-11-23T00:00:00Z"), Tokyo));
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
