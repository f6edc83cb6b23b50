using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Text;

namespace OpsReport.Core.Panels;

/// <summary>
/// The window a rolling view range is compared with, and its name. A range up to a week is compared with the same hours
/// a week earlier (same weekday and hours, as the overview's 24h range compares the same weekday a week earlier); a
/// longer range with the window of the same length just before it, because a week's shift would share most of its days
/// (30 days against 30 days a week earlier share 23) and compare the window largely with itself.
/// </summary>
public static class EarlierWindow
{
    /// <summary>
    /// The share of the compared window its points must span (first to last) for a peak or sum over it to be shown: a
    /// sum over the few days a store holds of "the 30 days before" would read as the whole window's (missing as zero).
    /// </summary>
    public const double MinCoverage = 0.95;

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>How far back the compared window lies: a week, or the range's own length when that is longer.</summary>
    public static TimeSpan Offset(TimeWindow window) => window.Duration > Week ? window.Duration : Week;

    public static TimeWindow Of(TimeWindow window) => window.Shift(-Offset(window));

    /// <summary>
    /// <paramref name="points"/> (time-ordered, one per <paramref name="step"/>) when they span at least
    /// <see cref="MinCoverage"/> of <paramref name="window"/>, else empty, which reads "no data".
    /// </summary>
    public static IReadOnlyList<Point> Covering(IReadOnlyList<Point> points, TimeWindow window, TimeSpan step)
    {
        var inside = points.Where(p => window.Contains(p.Timestamp)).ToList();
        if (inside.Count == 0 || window.Duration <= TimeSpan.Zero)
            return [];
        var span = inside[^1].Timestamp + step - inside[0].Timestamp;
        return span.Ticks >= MinCoverage * window.Duration.Ticks ? inside : [];
    }

    /// <summary>"the same hours a week earlier" / "the 30 days before", as a noun phrase in the reader's language.</summary>
    public static string Name(TimeWindow window, string language) => window.Duration >= Week
        ? TextCatalog.Format(language, "compare.daysBefore", Math.Round(window.Duration.TotalDays).ToString(CultureInfo.InvariantCulture))
        : TextCatalog.Get(language, "compare.sameHoursWeekEarlier");
}
