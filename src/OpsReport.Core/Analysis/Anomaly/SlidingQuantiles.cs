namespace OpsReport.Core.Analysis.Anomaly;

/// <summary>
/// The values of a trailing window kept sorted, so median, percentiles, minimum and maximum are read in O(1) and each
/// step costs one binary search and one block move (O(log w) comparisons; w is a few thousand at most).
/// </summary>
internal sealed class SlidingQuantiles
{
    private readonly List<double> _sorted;

    public SlidingQuantiles(int capacity) => _sorted = new List<double>(capacity);

    public int Count => _sorted.Count;

    public double Min => _sorted[0];

    public double Max => _sorted[^1];

    public void Add(double value)
    {
        var at = _sorted.BinarySearch(value);
        _sorted.Insert(at < 0 ? ~at : at, value);
    }

    public void Remove(double value)
    {
        var at = _sorted.BinarySearch(value);
        if (at >= 0)
            _sorted.RemoveAt(at);
    }

    /// <summary>Share of the values at or below <paramref name="value"/> (0 for an empty window).</summary>
    public double ShareAtMost(double value)
    {
        if (_sorted.Count == 0)
            return 0;
        // The first index above the value: binary search for the upper bound (ties go left of it).
        int lo = 0, hi = _sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_sorted[mid] <= value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return (double)lo / _sorted.Count;
    }

    /// <summary>The q-quantile (0–1) with linear interpolation between order statistics; callers check <see cref="Count"/> first.</summary>
    public double Quantile(double q)
    {
        var position = q * (_sorted.Count - 1);
        var lower = (int)position;
        var upper = Math.Min(lower + 1, _sorted.Count - 1);
        return _sorted[lower] + ((position - lower) * (_sorted[upper] - _sorted[lower]));
    }
}
