using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Configuration;

namespace OpsReport.Collectors.Tests.Datadog.Support;

/// <summary>
/// The data behind the fake Datadog, made once for all Datadog tests: 35 days of the demo's prod and staging collected
/// at <see cref="DemoSetup.Now"/> into a SQLite store.
/// </summary>
public sealed class DatadogDemoFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _collectGate = new(1, 1);
    private TempStore? _temp;
    private CollectedDatadog? _collected;

    public OpsReportOptions DemoOptions { get; } = new()
    {
        TimeZone = "Asia/Tokyo",
        Demo = new DemoOptions { Seed = 20261122, Environments = ["prod", "staging"] },
        Collection = new CollectionOptions { BackfillDays = 36 },
    };

    internal DemoDatadogData Data { get; private set; } = null!;

    public DemoIncidents Incidents { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var source = DemoSetup.Source(_temp.Store, time, DemoOptions);
        var summary = await RunnerSetup.Runner(_temp.Store, time, DemoOptions, source).RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
        Assert.Empty(summary.Failures);
        Incidents = await source.GetIncidentsAsync();
        Data = new DemoDatadogData(_temp.Store, DemoSetup.Tokyo);
    }

    /// <summary>
    /// A 35-day backfill of prod and staging through the fake, collected once and shared by the tests that only read it
    /// (each full backfill writes about a million points).
    /// </summary>
    internal async Task<CollectedDatadog> CollectedAsync()
    {
        await _collectGate.WaitAsync();
        try
        {
            if (_collected is null)
            {
                var host = await DatadogTestHost.CreateAsync(this);
                var progress = new List<CollectionProgress>();
                var summary = await host.CollectAsync(progress: new SyncProgress<CollectionProgress>(progress.Add));
                _collected = new CollectedDatadog(host, summary, host.Fake.Requests, progress, host.Clock.Elapsed);
            }
            return _collected;
        }
        finally
        {
            _collectGate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_collected is not null)
            await _collected.Host.DisposeAsync();
        if (_temp is not null)
            await _temp.DisposeAsync();
    }
}

/// <summary>The shared backfill: the host (store, fake, clock), the run summary, what the fake received, and the virtual time it took.</summary>
internal sealed record CollectedDatadog(DatadogTestHost Host, CollectionSummary Summary, IReadOnlyList<FakeDatadogRequest> Requests, IReadOnlyList<CollectionProgress> Progress, TimeSpan PacedFor);

/// <summary>Reports progress synchronously (Progress&lt;T&gt; posts to the thread pool, so a test could read it half-filled).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
            report(value);
    }
}
