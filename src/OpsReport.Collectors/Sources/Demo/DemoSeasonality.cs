namespace OpsReport.Collectors.Sources.Demo;

/// <summary>How busy the demo product is at a Tokyo wall-clock hour: business hours, quiet nights and weekends, busy Monday mornings.</summary>
internal static class DemoSeasonality
{
    // Share of the weekday peak per local hour: a lunch dip at 12:00, 9–19 high, night low.
    private static readonly double[] WeekdayProfile =
    [
        0.10, 0.07, 0.06, 0.05, 0.05, 0.07, 0.12, 0.25, 0.55, 0.90, 1.00, 1.00,
        0.82, 0.95, 1.00, 1.00, 0.97, 0.92, 0.80, 0.62, 0.45, 0.32, 0.22, 0.15,
    ];

    public static double Load(DateTime tokyoLocal)
    {
        var shape = WeekdayProfile[tokyoLocal.Hour];
        switch (tokyoLocal.DayOfWeek)
        {
            case DayOfWeek.Saturday or DayOfWeek.Sunday:
                return 0.04 + (0.2 * shape);
            case DayOfWeek.Monday when tokyoLocal.Hour is >= 9 and < 12:
                return shape * 1.35;
            case DayOfWeek.Monday when tokyoLocal.Hour is >= 12 and < 18:
                return shape * 1.1;
            default:
                return shape;
        }
    }
}
