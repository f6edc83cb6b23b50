using System.Globalization;
using System.Text.RegularExpressions;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Time;

namespace OpsReport.Reports;

/// <summary>
/// The local days a report covers, in the report's zone: an ISO week (<c>2026-W47</c>, Monday 00:00 to Monday 00:00), a
/// day (<c>2026-11-21</c>) or a range of days (<c>2026-11-16..2026-11-20</c>). A range that is exactly one ISO week or one
/// day becomes that week or day, so the same days always have the same name (and the same delivery key).
/// </summary>
public sealed partial record ReportPeriod
{
    private ReportPeriod(ReportPeriodKind kind, DateOnly firstDay, DateOnly lastDay)
    {
        Kind = kind;
        FirstDay = firstDay;
        LastDay = lastDay;
    }

    public ReportPeriodKind Kind { get; }

    public DateOnly FirstDay { get; }

    /// <summary>The last day covered (inclusive).</summary>
    public DateOnly LastDay { get; }

    public int Days => LastDay.DayNumber - FirstDay.DayNumber + 1;

    /// <summary>The canonical name, e.g. <c>2026-W47</c>, <c>2026-11-21</c>, <c>2026-11-16..2026-11-20</c>; used in file names, URLs and delivery keys.</summary>
    public string Name => Kind switch
    {
        ReportPeriodKind.Week => IsoName(FirstDay),
        ReportPeriodKind.Day => Date(FirstDay),
        _ => Date(FirstDay) + ".." + Date(LastDay),
    };

    public override string ToString() => Name;

    public static ReportPeriod IsoWeek(int year, int week)
    {
        if (year is < 1 or > 9998 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
            throw new ArgumentOutOfRangeException(nameof(week), string.Create(CultureInfo.InvariantCulture, $"{year}-W{week:00} is not an ISO week."));
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return new ReportPeriod(ReportPeriodKind.Week, monday, monday.AddDays(6));
    }

    public static ReportPeriod Day(DateOnly date) => new(ReportPeriodKind.Day, date, date);

    /// <summary>The days from <paramref name="first"/> to <paramref name="last"/> inclusive (normalized to a week or a day when it is one).</summary>
    public static ReportPeriod Range(DateOnly first, DateOnly last)
    {
        if (last < first)
            throw new ArgumentException($"--period ends ({Date(last)}) before it starts ({Date(first)}).");
        if (first == last)
            return Day(first);
        if (first.DayOfWeek == DayOfWeek.Monday && last.DayNumber - first.DayNumber == 6)
            return new ReportPeriod(ReportPeriodKind.Week, first, last);
        if (last.DayNumber - first.DayNumber >= 366)
            throw new ArgumentException($"--period {Date(first)}..{Date(last)} is longer than a year; reports cover at most 366 days.");
        return new ReportPeriod(ReportPeriodKind.Range, first, last);
    }

    /// <summary>Parses an ISO week, a date or a date range; throws <see cref="ArgumentException"/> saying what is expected.</summary>
    public static ReportPeriod Parse(string text)
    {
        if (TryParse(text, out var period))
            return period;
        throw new ArgumentException($"--period '{text}' is not an ISO week (e.g. 2026-W47), a date (2026-11-21) or a date range (2026-11-16..2026-11-20).");
    }

    public static bool TryParse(string? text, out ReportPeriod period)
    {
        period = null!;
        var trimmed = text?.Trim() ?? "";
        var week = IsoWeekPattern().Match(trimmed);
        if (week.Success)
        {
            var year = int.Parse(week.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            var number = int.Parse(week.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            // ISOWeek accepts years 1-9999; a year has 52 or 53 weeks.
            if (year is < 1 or > 9998 || number < 1 || number > ISOWeek.GetWeeksInYear(year))
                return false;
            period = IsoWeek(year, number);
            return true;
        }
        var range = RangePattern().Match(trimmed);
        if (!range.Success || !TryDate(range.Groups[1].Value, out var first))
            return false;
        var last = first;
        if (range.Groups[2].Success && !TryDate(range.Groups[2].Value, out last))
            return false;
        if (last < first || last.DayNumber - first.DayNumber >= 366)
            return false;
        period = Range(first, last);
        return true;
    }

    /// <summary>The ISO week containing the instant, in the calendar's zone.</summary>
    public static ReportPeriod Of(DateTimeOffset instant, ZoneCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var local = DateOnly.FromDateTime(calendar.ToLocal(instant).DateTime);
        return IsoWeek(ISOWeek.GetYear(local.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(local.ToDateTime(TimeOnly.MinValue)));
    }

    /// <summary>The last complete week (or day) at <paramref name="now"/>: the one before the current one in the zone.</summary>
    public static ReportPeriod PreviousComplete(DateTimeOffset now, ZoneCalendar calendar, ReportCadence cadence = ReportCadence.Weekly)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (cadence == ReportCadence.Daily)
            return Day(DateOnly.FromDateTime(calendar.ToLocal(now).DateTime).AddDays(-1));
        return Of(calendar.WeekOf(now).Start.AddHours(-1), calendar);
    }

    /// <summary>The period as a UTC window (DST-correct: a week may be 167 or 169 hours long).</summary>
    public TimeWindow Window(ZoneCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return new TimeWindow(calendar.FromLocal(FirstDay.ToDateTime(TimeOnly.MinValue)), calendar.FromLocal(LastDay.AddDays(1).ToDateTime(TimeOnly.MinValue)));
    }

    /// <summary>
    /// What it is compared with: the week before; for a day the same weekday a week earlier (weekly seasonality makes the
    /// day before a poor baseline); for a range the same number of days just before it.
    /// </summary>
    public ReportPeriod Previous => Kind switch
    {
        ReportPeriodKind.Week => new ReportPeriod(ReportPeriodKind.Week, FirstDay.AddDays(-7), LastDay.AddDays(-7)),
        ReportPeriodKind.Day => Day(FirstDay.AddDays(-7)),
        _ => new ReportPeriod(ReportPeriodKind.Range, FirstDay.AddDays(-Days), FirstDay.AddDays(-1)),
    };

    /// <summary>The week or day that follows this one (for "next period" links).</summary>
    public ReportPeriod Next => Kind switch
    {
        ReportPeriodKind.Week => new ReportPeriod(ReportPeriodKind.Week, FirstDay.AddDays(7), LastDay.AddDays(7)),
        ReportPeriodKind.Day => Day(FirstDay.AddDays(1)),
        _ => new ReportPeriod(ReportPeriodKind.Range, LastDay.AddDays(1), LastDay.AddDays(Days)),
    };

    private static string IsoName(DateOnly monday)
    {
        var date = monday.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date):0000}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date.Year is > 1 and < 9998;

    [GeneratedRegex(@"^(\d{4})-[Ww](\d{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWeekPattern();

    // A range is written first..last (or first/last, the ISO 8601 interval form).
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})(?:(?:\.\.|/)(\d{4}-\d{2}-\d{2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();
}
