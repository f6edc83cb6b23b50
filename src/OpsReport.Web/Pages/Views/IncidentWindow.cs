using System.Globalization;
using System.Text.RegularExpressions;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Time;

namespace OpsReport.Web.Pages.Views;

/// <summary>
/// The incident view's window from its parameters: <c>last=1h|6h|24h|3d|7d</c>, <c>from</c>/<c>to</c> (local times in the
/// configured zone such as <c>2026-11-19T11:00</c>, or with an offset or <c>Z</c>), or <c>finding=ID</c> (from a while
/// before the finding started to its end or now). Whole hours, because the points are hourly.
/// </summary>
public static partial class IncidentWindow
{
    public static readonly IReadOnlyList<string> QuickPicks = ["1h", "6h", "24h", "3d", "7d"];

    /// <summary>How much of the time before a finding's start the window shows, so the onset is visible.</summary>
    public static readonly TimeSpan LeadIn = TimeSpan.FromHours(12);

    /// <summary>A finding window is capped at this length from its start.</summary>
    public static readonly TimeSpan MaxFindingWindow = TimeSpan.FromDays(14);

    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    public static TimeWindow Last(string pick, DateTimeOffset now)
    {
        var end = TimeWindow.FloorToHour(now);
        var length = pick switch
        {
            "1h" => TimeSpan.FromHours(1),
            "6h" => TimeSpan.FromHours(6),
            "24h" => TimeSpan.FromHours(24),
            "3d" => TimeSpan.FromDays(3),
            "7d" => TimeSpan.FromDays(7),
            _ => throw new BadViewRequestException("badRequest.unknownLast", pick, string.Join(", ", QuickPicks)),
        };
        return new TimeWindow(end - length, end);
    }

    public static TimeWindow ForFinding(Finding finding, DateTimeOffset now)
    {
        var from = TimeWindow.FloorToHour(finding.Start - LeadIn);
        var end = finding.End ?? TimeWindow.FloorToHour(now);
        if (end - finding.Start > MaxFindingWindow)
            end = finding.Start + MaxFindingWindow;
        return new TimeWindow(from, Ceil(end > from ? end : from.AddHours(1)));
    }

    public static TimeWindow Parse(string? from, string? to, DateTimeOffset now, ZoneCalendar calendar)
    {
        if (from is null && to is null)
            return Last("24h", now);
        if (from is null)
            throw new BadViewRequestException("badRequest.toNeedsFrom");
        var start = Time(from, "from", calendar);
        // Without 'to' the window ends at the last complete hour: the current hour is not collected yet.
        var end = to is null ? TimeWindow.FloorToHour(now) : Time(to, "to", calendar);
        // Nothing is stored that far away, and the axis arithmetic has limits: two years back to one ahead is plenty.
        // Without 'to' the end is now, never too far; a message naming it would have to say "now" in the reader's language.
        foreach (var (name, text, t) in to is null ? new[] { ("from", from, start) } : [("from", from, start), ("to", to, end)])
        {
            if (t < now.AddYears(-2) || t > now.AddYears(1))
                throw new BadViewRequestException("badRequest.tooFar", name, text,
                    now.AddYears(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), now.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (start >= end)
            throw to is null ? new BadViewRequestException("badRequest.fromAfterNow", from) : new BadViewRequestException("badRequest.fromAfterTo", from, to);
        var window = new TimeWindow(TimeWindow.FloorToHour(start), Ceil(end));
        if (window.Duration > IncidentQuery.MaxWindow)
            throw new BadViewRequestException("badRequest.windowTooLong", window.Duration.TotalDays.ToString("0.#", CultureInfo.InvariantCulture), IncidentQuery.MaxWindow.TotalDays.ToString("0", CultureInfo.InvariantCulture));
        return window;
    }

    /// <summary>A local time for links (<c>2026-11-19T11:00</c>): readable, and the zone is the dashboard's, shown on every page.</summary>
    public static string Local(DateTimeOffset utc, ZoneCalendar calendar) => calendar.ToLocal(utc).ToString(LocalFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text, string name, ZoneCalendar calendar)
    {
        // A '+' in an unescaped query string arrives as a space: "2026-11-19T11:00 09:00".
        var t = OffsetWithSpace().Replace(text.Trim(), "+${off}");
        if (HasOffset().IsMatch(t))
        {
            if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var withOffset))
                return withOffset;
        }
        else if (DateTime.TryParseExact(t, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            && local.Year is > 1 and < 9999)
        {
            return calendar.FromLocal(local);
        }
        throw new BadViewRequestException("badRequest.notATime", name, text, calendar.ZoneId);
    }

    private static DateTimeOffset Ceil(DateTimeOffset t)
    {
        var floor = TimeWindow.FloorToHour(t);
        return floor == t ? t : floor.AddHours(1);
    }

    [GeneratedRegex(@"(?<=T\d\d:\d\d(?::\d\d)?) (?<off>\d\d:?\d\d)$")]
    private static partial Regex OffsetWithSpace();

    [GeneratedRegex(@"(Z|[+-]\d\d:?\d\d)$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
