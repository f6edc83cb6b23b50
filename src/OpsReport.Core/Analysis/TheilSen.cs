namespace OpsReport.Core.Analysis;

/// <summary>
/// Theil–Sen slope: the median of the slopes between all pairs of points. Unlike least squares, a few spikes (a GC
/// pause, a batch job) do not tilt it; about 29 % of the points can be outliers before it breaks down.
/// </summary>
public static class TheilSen
{
    /// <summary>Slope per unit of x over the pairs of finite points, or NaN with fewer than two distinct x.</summary>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y) => Slope([(x, y)]);

    /// <summary>
    /// One slope over several segments, using only pairs inside the same segment: the growth between restarts
    /// (or within each weekday) without the drops between them.
    /// </summary>
    public static double Slope(IEnumerable<(IReadOnlyList<double> X, IReadOnlyList<double> Y)> segments)
    {
        var slopes = PairSlopes(segments);
        return slopes.Count == 0 ? double.NaN : RobustStatistics.MedianInPlace(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(slopes));
    }

    /// <summary>The slopes between all pairs of finite points inside each segment (the Theil–Sen slope is their median).</summary>
    public static List<double> PairSlopes(IEnumerable<(IReadOnlyList<double> X, IReadOnlyList<double> Y)> segments)
    {
        var slopes = new List<double>();
        foreach (var (x, y) in segments)
        {
            for (var i = 0; i < x.Count; i++)
            {
                if (!double.IsFinite(y[i]))
                    continue;
                for (var j = i + 1; j < x.Count; j++)
                {
                    if (double.IsFinite(y[j]) && x[j] != x[i])
                        slopes.Add((y[j] - y[i]) / (x[j] - x[i]));
                }
            }
        }
        return slopes;
    }

    /// <summary>The intercept that goes with <paramref name="slope"/>: the median of y − slope·x.</summary>
    public static double Intercept(IReadOnlyList<double> x, IReadOnlyList<double> y, double slope) =>
        RobustStatistics.Median(x.Select((xi, i) => y[i] - (slope * xi)));
}
