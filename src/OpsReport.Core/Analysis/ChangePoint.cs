namespace OpsReport.Core.Analysis;

/// <summary>
/// Where a series shifted level: the split that best explains the values as two constant segments (least squares,
/// the likelihood ratio of a mean shift under normal noise). <see cref="Index"/> is the first value of the new level.
/// </summary>
public readonly record struct ChangePoint(int Index, double MeanBefore, double MeanAfter, double Score)
{
    public double Shift => MeanAfter - MeanBefore;

    /// <summary>The best single split of the finite values with at least <paramref name="minSegment"/> values on each side, or null.</summary>
    /// <remarks>Missing values (NaN) are skipped: they neither pull a segment's mean nor end it.</remarks>
    public static ChangePoint? Find(IReadOnlyList<double> values, int minSegment = 3)
    {
        var index = new List<int>();
        for (var i = 0; i < values.Count; i++)
        {
            if (double.IsFinite(values[i]))
                index.Add(i);
        }
        var n = index.Count;
        if (n < 2 * minSegment)
            return null;
        var prefix = new double[n + 1];
        for (var k = 0; k < n; k++)
            prefix[k + 1] = prefix[k] + values[index[k]];
        var total = prefix[n];
        ChangePoint? best = null;
        for (var k = minSegment; k <= n - minSegment; k++)
        {
            var before = prefix[k] / k;
            var after = (total - prefix[k]) / (n - k);
            // Reduction of the sum of squares achieved by splitting at k.
            var score = (double)k * (n - k) / n * (after - before) * (after - before);
            if (best is null || score > best.Value.Score)
                best = new ChangePoint(index[k], before, after, score);
        }
        return best;
    }
}
