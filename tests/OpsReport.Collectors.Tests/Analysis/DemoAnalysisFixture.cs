using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Tests.Analysis;

/// <summary>The embedded default as a store: 35 days of every demo stream collected once at <see cref="DemoSetup.Now"/>.</summary>
public sealed class DemoAnalysisFixture : IAsyncLifetime
{
    private TempStore? _temp;

    internal TempStore Temp => _temp!;

    public OpsReportOptions Options { get; } = DemoSetup.Options(backfillDays: 35);

    public DemoIncidents Incidents { get; private set; } = null!;

    /// <summary>The demo's deploys, in the same SQLite file.</summary>
    public SqliteDeployStore Deploys { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempStore.CreateAsync();
        Deploys = new SqliteDeployStore(_temp.Store.DatabasePath);
        await Deploys.InitializeAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);
        var source = DemoSetup.Source(_temp.Store, time, Options, Deploys);
        var summary = await RunnerSetup.Runner(_temp.Store, time, Options, source).RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
        Assert.Empty(summary.Failures);
        Incidents = await source.GetIncidentsAsync();
    }

    /// <summary>An analysis runner over the collected store whose clock reads <paramref name="now"/>.</summary>
    public AnalysisRunner Runner(DateTimeOffset now) =>
        new(Temp.Store, new EnvironmentCatalog(Options), DemoSetup.Wrap(Options), new ZoneCalendar(Options.TimeZone), new TenantDirectory(Temp.Store),
            new ManualTimeProvider(now), [], NullLogger<AnalysisRunner>.Instance, Deploys);

    public async Task DisposeAsync()
    {
        if (_temp is not null)
            await _temp.DisposeAsync();
    }
}
