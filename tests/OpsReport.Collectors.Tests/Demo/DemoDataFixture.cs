using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Demo;

/// <summary>35 days of every demo stream of every environment, generated once in memory (one window per stream).</summary>
public sealed class DemoDataFixture : IAsyncLifetime
{
    private readonly Dictionary<SeriesKey, IReadOnlyList<Point>> _series = [];
    private TempStore? _store;

    public DemoIncidents Incidents { get; private set; } = null!;

    public TimeWindow Window { get; private set; }

    public IReadOnlyDictionary<SeriesKey, IReadOnlyList<Point>> Series => _series;

    public async Task InitializeAsync()
    {
        _store = await TempStore.CreateAsync();
        var source = DemoSetup.Source(_store.Store, new ManualTimeProvider(DemoSetup.Now));
        var end = TimeWindow.FloorToHour(DemoSetup.Now);
        Window = new TimeWindow(end.AddDays(-35), end);
        foreach (var env in source.Environments)
        {
            foreach (var stream in source.GetStreams(env))
            {
                var batch = await source.CollectAsync(stream, Window, CancellationToken.None);
                foreach (var series in batch.Series)
                    _series.Add(series.Key, series.Points);
            }
        }
        Incidents = await source.GetIncidentsAsync();
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
            await _store.DisposeAsync();
    }

    public IReadOnlyList<Point> Points(string metric, Resolution resolution, params (string Name, string Value)[] dims) =>
        _series.TryGetValue(new SeriesKey(metric, resolution, dims), out var points)
            ? points
            : throw new KeyNotFoundException($"No series {new SeriesKey(metric, resolution, dims)}.");

    public IEnumerable<(SeriesKey Key, IReadOnlyList<Point> Points)> Find(string metric, Resolution resolution, Func<SeriesKey, bool> predicate) =>
        _series.Where(s => s.Key.Metric == metric && s.Key.Resolution == resolution && predicate(s.Key)).Select(s => (s.Key, s.Value));
}
