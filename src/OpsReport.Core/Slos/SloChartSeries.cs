using OpsReport.Core.Domain;

namespace OpsReport.Core.Slos;

/// <summary>
/// The attainment and budget charts of an SLO: at each hour of its window, the attainment and the budget left counted
/// from the window's start to the end of that hour. The last point is the status's own <see cref="SloStatus.Attainment"/>
/// and <see cref="SloStatus.BudgetLeft"/>, so a chart ends where the tables stand. Values are percentages (0–100).
/// </summary>
public static class SloChartSeries
{
    public static IReadOnlyList<Point> Attainment(SloStatus status) => Cumulative(status, (good, total) => 100.0 * good / total);

    public static IReadOnlyList<Point> BudgetLeft(SloStatus status) =>
        Cumulative(status, (good, total) => 100.0 * BudgetLeftOf(good, total, status.Definition.ErrorBudget));

    /// <summary>Share of the error budget not yet spent after <paramref name="good"/> of <paramref name="total"/> requests.</summary>
    public static double BudgetLeftOf(long good, long total, double errorBudget) =>
        errorBudget <= 0 ? (good == total ? 1 : 0) : 1 - (double)(total - good) / total / errorBudget;

    private static List<Point> Cumulative(SloStatus status, Func<long, long, double> value)
    {
        ArgumentNullException.ThrowIfNull(status);
        var points = new List<Point>(status.Hours.Count);
        long good = 0, total = 0;
        // Hours without counts have no entry, so they stay gaps on the chart rather than flat stretches.
        foreach (var hour in status.Hours.OrderBy(h => h.Hour))
        {
            good += hour.Good;
            total += hour.Total;
            if (total > 0 && hour.Total > 0)
                points.Add(new Point(hour.Hour, value(good, total)));
        }
        return points;
    }
}
