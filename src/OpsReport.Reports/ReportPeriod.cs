using System.Globalization;
using System.Text.RegularExpressions;
using OpsReport.Core.Domain;
using OpsReport.Core.Time;

namespace OpsReport.Reports;

/// <summary>An ISO week (<c>2026-W47</c>): the period of a weekly report, Monday 00:00 to Monday 00:00 in the configured zone.</summary>
public sealed partial record ReportPeriod(int Year, int Week)
{
    /// <summary>The canonical name, e.g. <c>2026-W47</c>; used in file names, URLs and delivery keys.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-W{Week:00}");

    public override string ToString() => Name;

    /// <summary>Parses <c>2026-W47</c> (also <c>2026-w47</c>); throws <see cref="ArgumentException"/> saying what is expected.</summary>
    public static ReportPeriod Parse(string text)
    {
        if (TryParse(text, out var period))
            return period;
        throw new ArgumentException($"--period '{text}' is not an ISO week; expected e.g. 2026-W47.");
    }

    public static bool TryParse(string? text, out ReportPeriod period)
    {
        period = null!;
        var match = text is null ? null : IsoWeekPattern().Match(text.Trim());
        if (match is null || !match.Success)
            return false;
        var year = int.Parse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        var week = int.Parse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        // ISOWeek accepts years 1-9999; a year has 52 or 53 weeks.
        if (year is < 1 or > 9998 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
            return false;
        period = new ReportPeriod(year, week);
        return true;
    }

    /// <summary>The ISO week containing the instant, in the calendar's zone.</summary>
    public static ReportPeriod Of(DateTimeOffset instant, ZoneCalendar calendar)
    {
        var local = calendar.ToLocal(instant).DateTime;
        return new ReportPeriod(ISOWeek.GetYear(local), ISOWeek.GetWeekOfYear(local));
    }

    /// <summary>The last week that has fully ended at <paramref name="now"/> (the week before the current one).</summary>
    public static ReportPeriod PreviousComplete(DateTimeOffset now, ZoneCalendar calendar) =>
        Of(calendar.WeekOf(now).Start.AddHours(-1), calendar);

    /// <summary>The week as a UTC window (DST-correct: it may be 167 or 169 hours long).</summary>
    public TimeWindow Window(ZoneCalendar calendar) => calendar.IsoWeek(Year, Week);

    /// <summary>The Monday the week starts on.</summary>
    public DateOnly Monday => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));

    [GeneratedRegex(@"^(\d{4})-[Ww](\d{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWeekPattern();
}
