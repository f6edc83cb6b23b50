using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace OpsReport.Core.Dashboards;

/// <summary>
/// When a report is sent: a 5-field cron expression (minute hour day-of-month month day-of-week, evaluated by Cronos) or
/// the friendly forms <c>weekly Monday 09:00</c>, <c>daily 09:00</c> and <c>weekdays 09:00</c>, which are sugar for cron,
/// all in local wall-clock time of a zone.
/// </summary>
/// <remarks>
/// DST as Cronos (and Vixie cron) handle it: a local time skipped by a spring-forward change fires at the first instant
/// after the gap, and a local time repeated by a fall-back change fires once, at its first occurrence. When both
/// day-of-month and day-of-week are restricted, a day matching either fires, as in cron; Cronos alone would ask for both,
/// so such a schedule is kept as the union of two Cronos expressions.
/// </remarks>
public sealed partial class CronSchedule
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private static readonly string[] FullDayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    private readonly IReadOnlyList<CronExpression> _expressions;

    private CronSchedule(string text, string cron, IReadOnlyList<CronExpression> expressions)
    {
        Text = text;
        Cron = cron;
        _expressions = expressions;
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
        var fields = (Friendly(trimmed) ?? trimmed).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"schedule '{trimmed}' is not understood; expected a cron expression (minute hour day month weekday, e.g. '0 9 * * 1') or 'weekly Monday 09:00', 'daily 09:00', 'weekdays 09:00'.";
            return false;
        }
        var cron = string.Join(' ', fields);
        // Cron's "either day" rule: restricted day-of-month OR restricted day-of-week, each with the other left open.
        string[] variants = fields[2] != "*" && fields[4] != "*"
            ? [$"{fields[0]} {fields[1]} {fields[2]} {fields[3]} *", $"{fields[0]} {fields[1]} * {fields[3]} {fields[4]}"]
            : [cron];
        var expressions = new List<CronExpression>(variants.Length);
        foreach (var variant in variants)
        {
            try
            {
                expressions.Add(CronExpression.Parse(variant, CronFormat.Standard));
            }
            catch (CronFormatException e)
            {
                error = $"schedule '{trimmed}': {e.Message}";
                return false;
            }
        }
        schedule = new CronSchedule(trimmed, cron, expressions);
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
        return _expressions.Select(e => e.GetNextOccurrence(after, zone)).Where(n => n is not null).Min()?.ToUniversalTime();
    }

    /// <summary>The latest firing in (<paramref name="after"/>, <paramref name="atOrBefore"/>]; null when none falls in it.</summary>
    public DateTimeOffset? Latest(DateTimeOffset after, DateTimeOffset atOrBefore, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (atOrBefore <= after)
            return null;
        // Cronos only looks forward: the last of the occurrences in the window is the latest one.
        return _expressions
            .Select(e => e.GetOccurrences(after, atOrBefore, zone, fromInclusive: false, toInclusive: true).Select(o => (DateTimeOffset?)o).LastOrDefault())
            .Where(n => n is not null).Max()?.ToUniversalTime();
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

    [GeneratedRegex(@"^(?<kind>weekly)\s+(?<day>[A-Za-z]+)\s+(?<h>\d{1,2}):(?<m>\d{2})$|^(?<kind>daily|weekdays)\s+(?<h>\d{1,2}):(?<m>\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FriendlyPattern();
}
