using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>Collects points per series by a precomputed index, so the hot loops never hash a series key.</summary>
internal sealed class SeriesBatchBuilder
{
    private readonly List<SeriesKey> _keys = [];
    private readonly List<List<Point>> _points = [];

    public int Register(SeriesKey key)
    {
        _keys.Add(key);
        _points.Add([]);
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
