namespace OpsReport.Core.Slos;

/// <summary>
/// The period an SLO is judged over: a rolling number of days ending now, or the current calendar month in the
/// configured time zone.
/// </summary>
public sealed record SloWindow(int? RollingDays, bool CalendarMonth)
{
    public static SloWindow Rolling(int days) => new(days, false);

    public static SloWindow Month { get; } = new(null, true);
}
