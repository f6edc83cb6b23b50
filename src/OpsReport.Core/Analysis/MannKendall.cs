namespace OpsReport.Core.Analysis;

/// <summary>
/// Mann–Kendall test for a monotonic trend: counts rising minus falling pairs, so it needs no assumption about the noise.
/// Segments (between restarts, or per weekday) are tested separately and summed, as in the seasonal Mann–Kendall test.
/// </summary>
public static class MannKendall
{
    public static MannKendallResult Test(IReadOnlyList<double> y)
    {
        var values = y.Where(double.IsFinite).ToArray();
        var n = values.Length;
        // Two values are one pair: too few alone, but in a seasonal sum of many blocks they count.
        if (n < 2)
            return new MannKendallResult(0, 0, n);
        double s = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
                s += Math.Sign(values[j] - values[i]);
        }
        // Ties (memory rounded to 0.01 %, flat cost lines) lower the variance: Σ t(t−1)(2t+5) over tie groups.
        var ties = values.GroupBy(v => v).Where(g => g.Count() > 1).Sum(g => (double)g.Count() * (g.Count() - 1) * ((2 * g.Count()) + 5));
        var variance = ((n * (n - 1.0) * ((2.0 * n) + 5)) - ties) / 18.0;
        return new MannKendallResult(s, variance, n);
    }

    public static MannKendallResult Test(IEnumerable<IReadOnlyList<double>> segments) =>
        segments.Aggregate(new MannKendallResult(0, 0, 0), (sum, segment) => sum + Test(segment));
}
