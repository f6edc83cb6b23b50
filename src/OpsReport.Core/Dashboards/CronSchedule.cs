using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsReport.Core.Dashboards;

/// <summary>
/// When a report is sent: a 5-field cron expression (minute hour day-of-month month day-of-week) or the friendly forms
/// <c>weekly Monday 09:00</c>, <c>daily 09:00</c> and <c>weekdays 09:00</c>, evaluated in local wall-clock time of a zone.
/// </summary>
/// <remarks>
/// DST follows Vixie cron: a local time skipped by a spring-forward change fires at the first instant after the gap, and
/// a local time repeated by a fall-back change fires once, at its first occurrence. Day-of-month and day-of-week match
/// when either does if both are restricted (as in cron).
/// </remarks>
public sealed partial class CronSchedule
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private static readonly string[] FullDayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    // Feb 29 on a given weekday can be 28 years away; nothing valid is further.
    private const int MaxDaysAhead = 366 * 29;

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _dayRestricted;
    private readonly bool _weekdayRestricted;

    private CronSchedule(string text, string cron, bool[] minutes, bool[] hours, bool[] days, bool[] months, bool[] weekdays, bool dayRestricted, bool weekdayRestricted)
    {
        Text = text;
        Cron = cron;
        _minutes = minutes;
        _hours = hours;
        _days = days;
        _months = months;
        _weekdays = weekdays;
        _dayRestricted = dayRestricted;
        _weekdayRestricted = weekdayRestricted;
    }

    /// <summary>The schedule as written in the definition.</summary>
    public string Text { get; }

    /// <summary>The equivalent 5-field cron expression.</summary>
    public string Cron { get; }

    public override string ToString() => Text;

    public static CronSchedule Parse(string text) =>
        TryParse(text, out var schedule, out var error) ? schedule : throw new FormatException(error);

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CronSchedule? schedule, out string error)
    {
        schedule = null;
        error = "";
        var trimmed = (text ?? "").Trim();
        var cron = Friendly(trimmed) ?? trimmed;
        var fields = cron.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"schedule '{trimmed}' is not understood; expected a cron expression (minute hour day month weekday, e.g. '0 9 * * 1') or 'weekly Monday 09:00', 'daily 09:00', 'weekdays 09:00'.";
            return false;
        }
        var minutes = new bool[60];
        var hours = new bool[24];
        var days = new bool[32];
        var months = new bool[13];
        var weekdays = new bool[8];
        if (!Field(fields[0], 0, 59, null, minutes, "minute", ref error)
            || !Field(fields[1], 0, 23, null, hours, "hour", ref error)
            || !Field(fields[2], 1, 31, null, days, "day of month", ref error)
            || !Field(fields[3], 1, 12, MonthNames, months, "month", ref error)
            || !Field(fields[4], 0, 7, DayNames, weekdays, "day of week", ref error))
        {
            error = $"schedule '{trimmed}': {error}";
            return false;
        }
        // 7 is Sunday too.
        weekdays[0] |= weekdays[7];
        schedule = new CronSchedule(trimmed, string.Join(' ', fields), minutes, hours, days, months, weekdays[..7],
            fields[2] != "*", fields[4] != "*");
        if (schedule.Next(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc) is null)
        {
            schedule = null;
            error = $"schedule '{trimmed}' never fires (no such date).";
            return false;
        }
        return true;
    }

    /// <summary>The first firing strictly after <paramref name="after"/>, as a UTC instant; null if there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var start = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime);
        // A repeated (fall-back) hour maps to its first occurrence, which can lie before the local clock reading of
        // `after`: starting a day early keeps such a firing from being skipped.
        for (var date = start.AddDays(-1); date.DayNumber - start.DayNumber <= MaxDaysAhead; date = date.AddDays(1))
        {
            if (!DayMatches(date))
                continue;
            for (var h = 0; h < 24; h++)
            {
                if (!_hours[h])
                    continue;
                for (var m = 0; m < 60; m++)
                {
                    if (!_minutes[m])
                        continue;
                    var at = ToUtc(date.ToDateTime(new TimeOnly(h, m)), zone);
                    if (at > after)
                        return at;
                }
            }
        }
        return null;
    }

    /// <summary>The latest firing in (<paramref name="after"/>, <paramref name="atOrBefore"/>]; null when none falls in it.</summary>
    public DateTimeOffset? Latest(DateTimeOffset after, DateTimeOffset atOrBefore, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (atOrBefore <= after)
            return null;
        var end = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(atOrBefore, zone).DateTime).AddDays(1);
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime).AddDays(-1);
        for (var date = end; date >= first; date = date.AddDays(-1))
        {
            if (!DayMatches(date))
                continue;
            for (var h = 23; h >= 0; h--)
            {
                if (!_hours[h])
                    continue;
                for (var m = 59; m >= 0; m--)
                {
                    if (!_minutes[m])
                        continue;
                    var at = ToUtc(date.ToDateTime(new TimeOnly(h, m)), zone);
                    if (at <= atOrBefore && at > after)
                        return at;
                }
            }
        }
        return null;
    }

    private bool DayMatches(DateOnly date)
    {
        if (!_months[date.Month])
            return false;
        var day = _days[date.Day];
        var weekday = _weekdays[(int)date.DayOfWeek];
        return _dayRestricted && _weekdayRestricted ? day || weekday : day && weekday;
    }

    /// <summary>A local wall-clock time as UTC: a skipped time moves to the end of the gap, a repeated time takes its first occurrence.</summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            // Transitions fall on whole minutes: the first valid local minute is the end of the gap, i.e. the instant of
            // the change itself, which is when cron runs what the gap skipped.
            var probe = unspecified;
            while (zone.IsInvalidTime(probe))
                probe = probe.AddMinutes(1);
            return new DateTimeOffset(probe, zone.GetUtcOffset(probe)).ToUniversalTime();
        }
        var use = zone.IsAmbiguousTime(unspecified) ? zone.GetAmbiguousTimeOffsets(unspecified).Max() : zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, use).ToUniversalTime();
    }

    private static string? Friendly(string text)
    {
        var match = FriendlyPattern().Match(text);
        if (!match.Success)
            return null;
        var hour = int.Parse(match.Groups["h"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["m"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        if (hour > 23 || minute > 59)
            return null;
        var time = string.Create(CultureInfo.InvariantCulture, $"{minute} {hour}");
        var kind = match.Groups["kind"].Value.ToLowerInvariant();
        if (kind == "daily")
            return time + " * * *";
        if (kind == "weekdays")
            return time + " * * 1-5";
        var day = match.Groups["day"].Value.ToLowerInvariant();
        var index = Array.IndexOf(FullDayNames, day);
        if (index < 0)
            index = Array.IndexOf(DayNames, day);
        return index < 0 ? null : time + " * * " + index.ToString(CultureInfo.InvariantCulture);
    }

    private static bool Field(string text, int min, int max, string[]? names, bool[] set, string what, ref string error)
    {
        foreach (var part in text.Split(','))
        {
            var step = 1;
            var range = part;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                if (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                {
                    error = $"{what} '{part}' has a bad step; expected e.g. */15.";
                    return false;
                }
                range = part[..slash];
            }
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max == 7 ? 6 : max);
            }
            else
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                if (!Value(dash < 0 ? range : range[..dash], min, max, names, out from)
                    || !Value(dash < 0 ? range : range[(dash + 1)..], min, max, names, out to))
                {
                    error = $"{what} '{part}' is not a value from {min} to {max}" + (names is null ? "." : $" or a name ({string.Join(", ", names.Take(3))}, …).");
                    return false;
                }
                if (dash < 0 && slash >= 0)
                    to = max == 7 ? 6 : max;
                if (to < from)
                {
                    error = $"{what} range '{part}' runs backwards.";
                    return false;
                }
            }
            for (var v = from; v <= to; v += step)
                set[v] = true;
        }
        return true;
    }

    private static bool Value(string text, int min, int max, string[]? names, out int value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
            return value >= min && value <= max;
        value = names is null ? -1 : Array.IndexOf(names, text.ToLowerInvariant());
        if (value < 0)
            return false;
        // Month names are 1-based; weekday names 0-based (Sunday).
        value += min == 1 ? 1 : 0;
        return true;
    }

    [GeneratedRegex(@"^(?<kind>weekly)\s+(?<day>[A-Za-z]+)\s+(?<h>\d{1,2}):(?<m>\d{2})$|^(?<kind>daily|weekdays)\s+(?<h>\d{1,2}):(?<m>\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FriendlyPattern();
}
