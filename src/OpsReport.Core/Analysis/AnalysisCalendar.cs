using System.Collections.Concurrent;
using System.Globalization;
using OpsReport.Core.Configuration;
using OpsReport.Core.Time;

namespace OpsReport.Core.Analysis;

/// <summary>
/// The calendar baselines are built on: local days and hours in the configured zone, weekends, public holidays and
/// month edges. Holidays count as days off, like Sundays; month edges are compared with the previous month's edge.
/// </summary>
public sealed class AnalysisCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly ConcurrentDictionary<(long Start, long Step, int Count), TimeAxis> _axes = new();

    public AnalysisCalendar(ZoneCalendar zone, IEnumerable<DateOnly> holidays)
    {
        Zone = zone;
        _holidays = [.. holidays];
    }

    public ZoneCalendar Zone { get; }

    /// <summary>The calendar the options ask for: Japanese public holidays (by default) plus any configured extra days off.</summary>
    public static AnalysisCalendar From(ZoneCalendar zone, AnalysisOptions options)
    {
        var holidays = new List<DateOnly>();
        if (options.HolidayCalendar == "JP")
            holidays.AddRange(JapaneseHolidays.Between(2000, 2099));
        foreach (var text in options.ExtraHolidays)
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                holidays.Add(day);
        }
        return new AnalysisCalendar(zone, holidays);
    }

    public DateOnly LocalDate(DateTimeOffset utc) => DateOnly.FromDateTime(Zone.ToLocal(utc).DateTime);

    public bool IsHoliday(DateOnly date) => _holidays.Contains(date);

    /// <summary>Weekends and holidays: days whose traffic looks like a Sunday's.</summary>
    public bool IsOffDay(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || _holidays.Contains(date);

    /// <summary>
    /// For the last three and first three days of a month, the same position in the previous month (month-end batches
    /// and billing runs recur there); null on other days.
    /// </summary>
    public static DateOnly? PreviousMonthEdge(DateOnly date)
    {
        var daysInMonth = DateTime.DaysInMonth(date.Year, date.Month);
        var previousMonth = new DateOnly(date.Year, date.Month, 1).AddMonths(-1);
        var previousDays = DateTime.DaysInMonth(previousMonth.Year, previousMonth.Month);
        if (date.Day > daysInMonth - 3)
            return previousMonth.AddDays(previousDays - 1 - (daysInMonth - date.Day));
        if (date.Day <= 3)
            return previousMonth.AddDays(date.Day - 1);
        return null;
    }

    /// <summary>Local-time facts of every index of a regular series, computed once per (start, step, length) and shared.</summary>
    public TimeAxis Axis(DateTimeOffset start, TimeSpan step, int count) =>
        _axes.GetOrAdd((start.UtcTicks, step.Ticks, count), _ => new TimeAxis(this, start, step, count));
}
