using System.Globalization;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Time;

/// <summary>
/// Days and ISO weeks in the configured IANA zone, as UTC windows. DST-correct: a local day is 23 or 25 hours long
/// on a change, and a local week starts Monday 00:00 in the zone.
/// </summary>
public sealed class ZoneCalendar
{
    public ZoneCalendar(string ianaZone)
    {
        try
        {
            Zone = TimeZoneInfo.FindSystemTimeZoneById(ianaZone);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new ArgumentException($"'{ianaZone}' is not an IANA time zone (e.g. Asia/Tokyo, Europe/Berlin, UTC).", nameof(ianaZone));
        }
        ZoneId = ianaZone;
    }

    public TimeZoneInfo Zone { get; }

    public string ZoneId { get; }

    public DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    /// <summary>The UTC instant of a local wall-clock time; a time skipped by DST moves forward to the first valid instant.</summary>
    public DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(unspecified))
            unspecified = unspecified.AddMinutes(15);
        var offset = Zone.IsAmbiguousTime(unspecified)
            ? Zone.GetAmbiguousTimeOffsets(unspecified).Max()
            : Zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }

    /// <summary>The local day containing the instant.</summary>
    public TimeWindow DayOf(DateTimeOffset instant)
    {
        var date = DateOnly.FromDateTime(ToLocal(instant).DateTime);
        return Day(date);
    }

    public TimeWindow Day(DateOnly date) =>
        new(FromLocal(date.ToDateTime(TimeOnly.MinValue)), FromLocal(date.AddDays(1).ToDateTime(TimeOnly.MinValue)));

    /// <summary>The local ISO week (Monday to Monday) containing the instant.</summary>
    public TimeWindow WeekOf(DateTimeOffset instant)
    {
        var date = DateOnly.FromDateTime(ToLocal(instant).DateTime);
        var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        return Week(monday);
    }

    public TimeWindow Week(DateOnly monday) =>
        new(FromLocal(monday.ToDateTime(TimeOnly.MinValue)), FromLocal(monday.AddDays(7).ToDateTime(TimeOnly.MinValue)));

    /// <summary>The local window of an ISO week such as <c>2026-W47</c>.</summary>
    public TimeWindow IsoWeek(int year, int week) => Week(DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday)));

    /// <summary>The ISO week name (<c>2026-W47</c>) of the local week containing the instant.</summary>
    public string IsoWeekName(DateTimeOffset instant)
    {
        var local = ToLocal(instant).DateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(local)}-W{ISOWeek.GetWeekOfYear(local):00}");
    }

    /// <summary>Local days (as UTC windows) overlapping the window, in order.</summary>
    public IEnumerable<TimeWindow> DaysIn(TimeWindow window)
    {
        if (window.IsEmpty)
            yield break;
        for (var day = DayOf(window.Start); day.Start < window.End; day = DayOf(day.End))
            yield return day;
    }

    /// <summary>Local ISO weeks (as UTC windows) overlapping the window, in order.</summary>
    public IEnumerable<TimeWindow> WeeksIn(TimeWindow window)
    {
        if (window.IsEmpty)
            yield break;
        for (var week = WeekOf(window.Start); week.Start < window.End; week = WeekOf(week.End))
            yield return week;
    }
}
