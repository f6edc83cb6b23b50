using OpsReport.Core.Domain;
using OpsReport.Core.Time;

namespace OpsReport.Core.Panels;

/// <summary>Small helpers the dashboard view queries share: rollup lookups, medians that never blend percentiles, billing dates.</summary>
internal static class ViewMath
{
    /// <summary>The rollup point stored at a period's start: the value for that whole period.</summary>
    public static double? At(IReadOnlyList<Point> points, DateTimeOffset periodStart)
    {
        foreach (var p in points)
        {
            if (p.Timestamp == periodStart)
                return p.Value;
        }
        return null;
    }

    /// <summary>Sum of a countable value (requests, bytes, dollars); null when no point exists, because missing is not zero.</summary>
    public static double? Sum(IEnumerable<Point> points)
    {
        double sum = 0;
        var any = false;
        foreach (var p in points)
        {
            sum += p.Value;
            any = true;
        }
        return any ? sum : null;
    }

    /// <summary>The lower median: always one of the values, so a "typical" percentile is a real measured one, never a blend.</summary>
    public static double? LowerMedian(IEnumerable<double> values)
    {
        // An array sorted in place: views take thousands of these medians, and LINQ's ordering allocated a sorter each time.
        var sorted = values.ToArray();
        if (sorted.Length == 0)
            return null;
        Array.Sort(sorted);
        return sorted[(sorted.Length - 1) / 2];
    }

    public static double? Ratio(double? current, double? previous) =>
        current is { } c && previous is { } p && p > 0 ? c / p : null;

    public static double? Max(IEnumerable<Point> points)
    {
        double? max = null;
        foreach (var p in points)
            max = max is null || p.Value > max ? p.Value : max;
        return max;
    }

    /// <summary>
    /// The UTC billing dates bearing the same calendar dates as the local days of a period (Cost Explorer bills by UTC
    /// date; yesterday in Tokyo is billing date yesterday). Same rule as the overview's cost panel.
    /// </summary>
    public static TimeWindow BillingDates(TimeWindow period, ZoneCalendar calendar)
    {
        var first = DateOnly.FromDateTime(calendar.ToLocal(period.Start).DateTime);
        var end = DateOnly.FromDateTime(calendar.ToLocal(period.End).DateTime);
        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var stop = new DateTimeOffset(end.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return stop > start ? new TimeWindow(start, stop) : new TimeWindow(start, start);
    }

    /// <summary>Theil–Sen slope (median of pairwise slopes): robust to the odd spike, for short daily series.</summary>
    public static double? TheilSenSlope(IReadOnlyList<(double X, double Y)> points)
    {
        var slopes = new List<double>();
        for (var i = 0; i < points.Count; i++)
        {
            for (var j = i + 1; j < points.Count; j++)
            {
                if (points[j].X != points[i].X)
                    slopes.Add((points[j].Y - points[i].Y) / (points[j].X - points[i].X));
            }
        }
        if (slopes.Count == 0)
            return null;
        slopes.Sort();
        return slopes.Count % 2 == 1 ? slopes[slopes.Count / 2] : (slopes[slopes.Count / 2 - 1] + slopes[slopes.Count / 2]) / 2;
    }
}
