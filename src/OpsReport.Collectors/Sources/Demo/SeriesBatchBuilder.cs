using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>Collects points per series by a precomputed index, so the hot loops never hash a series key.</summary>
/// <remarks>
/// Each series' list is sized when it is registered (the generators know how many periods a window has), so a week of
/// hourly points is written once instead of being copied at every doubling of its list.
/// </remarks>
internal sealed class SeriesBatchBuilder
{
    private readonly List<SeriesKey> _keys = [];
    private readonly List<List<Point>> _points = [];

    /// <param name="capacity">Points the series will get in this batch (a hint: more are still accepted).</param>
    public int Register(SeriesKey key, int capacity)
    {
        _keys.Add(key);
        _points.Add(new List<Point>(Math.Max(0, capacity)));
        return _keys.Count - 1;
    }

    public void Add(int series, DateTimeOffset timestamp, double value) => _points[series].Add(new Point(timestamp, value));

    public IReadOnlyList<SeriesPoints> Build()
    {
        var result = new List<SeriesPoints>(_keys.Count);
        for (var i = 0; i < _keys.Count; i++)
        {
            if (_points[i].Count > 0)
                result.Add(new SeriesPoints(_keys[i], _points[i]));
        }
        return result;
    }
}
