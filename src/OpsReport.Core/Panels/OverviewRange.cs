using OpsReport.Core.Domain;
using OpsReport.Core.Text;
using OpsReport.Core.Time;

namespace OpsReport.Core.Panels;

/// <summary>
/// The stand-up's time ranges. Tables compare complete periods of equal length in the configured zone
/// (yesterday vs the same weekday last week; last ISO week vs the week before), because percentiles are read
/// from period rollups and never averaged; charts show the rolling range ending now.
/// </summary>
public enum OverviewRange
{
    Day,
    Week,
    Month,
}

/// <summary>Parsing and period arithmetic for <see cref="OverviewRange"/>.</summary>
public static class OverviewRanges
{
    public static readonly IReadOnlyList<string> Names = ["24h", "7d", "30d"];

    public static bool TryParse(string? text, out OverviewRange range)
    {
        switch (text)
        {
            case null or "" or "24h":
                range = OverviewRange.Day;
                return true;
            case "7d":
                range = OverviewRange.Week;
                return true;
            case "30d":
                range = OverviewRange.Month;
                return true;
            default:
                range = default;
                return false;
        }
    }

    public static string Name(this OverviewRange range) => range switch
    {
        OverviewRange.Day => "24h",
        OverviewRange.Week => "7d",
        _ => "30d",
    };

    /// <summary>The rolling chart window ending at the last complete hour.</summary>
    public static TimeWindow ChartWindow(this OverviewRange range, DateTimeOffset now)
    {
        var end = TimeWindow.FloorToHour(now);
        var length = range switch
        {
            OverviewRange.Day => TimeSpan.FromHours(24),
            OverviewRange.Week => TimeSpan.FromDays(7),
            _ => TimeSpan.FromDays(30),
        };
        return new TimeWindow(end - length, end);
    }

    public static Resolution ChartStep(this OverviewRange range) => range == OverviewRange.Month ? Resolution.Day : Resolution.Hour;

    public static ComparisonPeriods Periods(this OverviewRange range, DateTimeOffset now, ZoneCalendar calendar, string language = "en")
    {
        if (range == OverviewRange.Day)
        {
            var today = calendar.DayOf(now);
            var yesterday = calendar.DayOf(today.Start.AddHours(-1));
            var date = DateOnly.FromDateTime(calendar.ToLocal(yesterday.Start).DateTime);
            var weekBefore = calendar.Day(date.AddDays(-7));
            return new ComparisonPeriods(yesterday, weekBefore, Resolution.Day,
                TextCatalog.Format(language, "period.yesterday", Day(date, language)), Day(date.AddDays(-7), language));
        }
        var thisWeek = calendar.WeekOf(now);
        var lastHour = TimeWindow.FloorToHour(now);
        if (lastHour - thisWeek.Start < TimeSpan.FromDays(1))
        {
            // Early on Monday the week so far is a few night hours: show the last complete week instead.
            return Weeks(calendar.WeekOf(thisWeek.Start.AddHours(-1)), calendar);
        }
        // This week so far vs the same span of last week (sums); week percentiles are this week's rollup so far
        // against last week's whole-week rollup, and the labels say so.
        var elapsed = lastHour - thisWeek.Start;
        var previousStart = calendar.WeekOf(thisWeek.Start.AddHours(-1)).Start;
        return new ComparisonPeriods(new TimeWindow(thisWeek.Start, lastHour), new TimeWindow(previousStart, previousStart + elapsed), Resolution.Week,
            TextCatalog.Format(language, "period.soFar", calendar.IsoWeekName(thisWeek.Start)), calendar.IsoWeekName(previousStart));
    }

    /// <summary>An ISO week compared with the week before it (the weekly report's periods).</summary>
    public static ComparisonPeriods Weeks(TimeWindow week, ZoneCalendar calendar)
    {
        var previous = calendar.WeekOf(week.Start.AddHours(-1));
        return new ComparisonPeriods(week, previous, Resolution.Week,
            calendar.IsoWeekName(week.Start), calendar.IsoWeekName(previous.Start));
    }

    /// <summary>A day with its weekday in the reader's language: <c>Fri 12/4</c> / <c>12/4 (金)</c>.</summary>
    private static string Day(DateOnly date, string language) =>
        date.ToString(TextCatalog.Get(language, "format.dayShort"), TextCatalog.Culture(language));
}
