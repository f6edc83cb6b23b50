using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>In-memory index of series ids by key; series are few (thousands) while points are many.</summary>
internal sealed class SeriesCatalog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SeriesKey, long> _ids = [];
    private readonly Dictionary<(string Metric, int Resolution), List<(long Id, SeriesKey Key)>> _byMetric = [];

    public long MaxId { get; private set; }

    public bool TryGetId(SeriesKey key, out long id)
    {
        lock (_gate)
            return _ids.TryGetValue(key, out id);
    }

    public void Add(long id, SeriesKey key)
    {
        lock (_gate)
        {
            if (!_ids.TryAdd(key, id))
                return;
            var bucket = (key.Metric, key.Resolution.Seconds);
            if (!_byMetric.TryGetValue(bucket, out var list))
                _byMetric[bucket] = list = [];
            list.Add((id, key));
            MaxId = Math.Max(MaxId, id);
        }
    }

    public IReadOnlyList<(long Id, SeriesKey Key)> Find(SeriesFilter filter)
    {
        lock (_gate)
        {
            return _byMetric.TryGetValue((filter.Metric, filter.Resolution.Seconds), out var list)
                ? list.Where(s => filter.Matches(s.Key)).ToList()
                : [];
        }
    }
}
