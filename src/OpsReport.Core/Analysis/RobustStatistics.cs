namespace OpsReport.Core.Analysis;

/// <summary>Median, MAD and quantiles: statistics a few outliers cannot drag, which is what baselines of operational data need.</summary>
public static class RobustStatistics
{
    /// <summary>Scales a median absolute deviation to a standard deviation for normal data.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>The median of the finite values, or NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        Array.Sort(sorted);
        return MedianOfSorted(sorted);
    }

    /// <summary>Median in place (the span is reordered); NaN for an empty span. Callers pass finite values only.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        if (values.Length == 0)
            return double.NaN;
        values.Sort();
        return MedianOfSorted(values);
    }

    /// <summary>Median absolute deviation around the median (unscaled), or NaN when there are no values.</summary>
    public static double Mad(IEnumerable<double> values)
    {
        var list = values.Where(double.IsFinite).ToArray();
        if (list.Length == 0)
            return double.NaN;
        var median = Median(list);
        return Median(list.Select(v => Math.Abs(v - median)));
    }

    /// <summary>The q-quantile (0–1) with linear interpolation between order statistics.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Where(double.IsFinite).ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        Array.Sort(sorted);
        var position = Math.Clamp(q, 0, 1) * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    private static double MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
