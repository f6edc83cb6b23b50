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
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>How far back the compared window lies: a week, or the range's own length when that is longer.</summary>
    public static TimeSpan Offset(TimeWindow window) => window.Duration > Week ? window.Duration : Week;

    public static TimeWindow Of(TimeWindow window) => window.Shift(-Offset(window));

    /// <summary>"the same hours a week earlier" / "the 30 days before", as a noun phrase in the reader's language.</summary>
    public static string Name(TimeWindow window, string language) => window.Duration >= Week
        ? TextCatalog.Format(language, "compare.daysBefore", Math.Round(window.Duration.TotalDays).ToString(CultureInfo.InvariantCulture))
        : TextCatalog.Get(language, "compare.sameHoursWeekEarlier");
}
