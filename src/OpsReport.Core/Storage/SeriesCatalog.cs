using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>In-memory index of series ids by key; series are few (thousands) while points are many.</summary>
internal sealed class SeriesCatalog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SeriesKey, long> _ids = [];
    private readonly Dictionary<(string Metric, int Resolution), List<(long Id, SeriesKey Key)>> _byMetric = [];

    // Views always ask for one environment: scanning only its series keeps the lock short when a page's panels read side by side.
    private readonly Dictionary<(string Metric, int Resolution, string Env), List<(long Id, SeriesKey Key)>> _byMetricEnv = [];

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
            if (key[Dims.Env] is { } env)
            {
                if (!_byMetricEnv.TryGetValue((key.Metric, key.Resolution.Seconds, env), out var envList))
                    _byMetricEnv[(key.Metric, key.Resolution.Seconds, env)] = envList = [];
                envList.Add((id, key));
            }
            MaxId = Math.Max(MaxId, id);
        }
    }

    public IReadOnlyList<(long Id, SeriesKey Key)> Find(SeriesFilter filter)
    {
        var env = filter.Dimensions.GetValueOrDefault(Dims.Env);
        lock (_gate)
        {
            var found = env is null or SeriesFilter.Any or SeriesFilter.Absent
                ? _byMetric.GetValueOrDefault((filter.Metric, filter.Resolution.Seconds))
                : _byMetricEnv.GetValueOrDefault((filter.Metric, filter.Resolution.Seconds, env));
            if (found is null)
                return [];
            var result = new List<(long Id, SeriesKey Key)>();
            foreach (var s in found)
            {
                if (filter.Matches(s.Key))
                    result.Add(s);
            }
            return result;
        }
    }
}
