using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Tests.Datadog.Support;

/// <summary>
/// The Datadog source as the host wires it, for environments prod and staging pointed at a fake Datadog through the
/// base-URL override, with keys from DD_API_KEY/DD_APP_KEY, a real SQLite store and a virtual clock.
/// </summary>
internal sealed class DatadogTestHost : IAsyncDisposable
{
    /// <summary>Backoff in milliseconds so tests of retries stay fast (pacing and resets follow the virtual clock anyway).</summary>
    public static readonly DatadogClientSettings FastRetries = new(6, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30));

    private readonly HttpClient _http = new();

    private DatadogTestHost(TempStore temp, SqliteDeployStore deploys, FakeDatadogServer fake, VirtualClock clock, OpsReportOptions options, Dictionary<string, string?> variables)
    {
        Deploys = deploys;
        Temp = temp;
        Fake = fake;
        Clock = clock;
        Options = options;
        Variables = variables;
        Connections = new DatadogConnectionFactory(options, name => variables.GetValueOrDefault(name), clock, temp.Store);
        Client = new DatadogApiClient(_http, clock, FastRetries);
        Source = new DatadogSource(Connections, Client, temp.Store, clock, new ZoneCalendar(options.TimeZone), deploys);
        LevelMix = new DatadogLogLevelMixProvider(Connections, Client, temp.Store, clock);
        Check = new DatadogSourceCheck(Connections, Client, clock);
    }

    public TempStore Temp { get; }

    /// <summary>The deploys table in the same SQLite file.</summary>
    public SqliteDeployStore Deploys { get; }

    public FakeDatadogServer Fake { get; }

    public VirtualClock Clock { get; }

    public OpsReportOptions Options { get; }

    public Dictionary<string, string?> Variables { get; }

    public DatadogConnectionFactory Connections { get; }

    public DatadogApiClient Client { get; }

    public DatadogSource Source { get; }

    public DatadogLogLevelMixProvider LevelMix { get; }

    public DatadogSourceCheck Check { get; }

    /// <param name="resource">How the fake names routes in resource tags (default: Datadog's tag form of the template).</param>
    /// <param name="data">What the fake knows instead of the demo (its calendar's zone becomes the configured one).</param>
    public static async Task<DatadogTestHost> CreateAsync(DatadogDemoFixture demo, int backfillDays = 35, Action<DatadogEnvironmentOptions>? configure = null, string[]? environments = null,
        Func<string, string>? resource = null, DemoDatadogData? data = null)
    {
        var clock = new VirtualClock(DemoSetup.Now);
        data ??= resource is null ? demo.Data : new DemoDatadogData(demo.Data.Store, demo.Data.Calendar) { Resource = resource };
        var fake = await FakeDatadogServer.StartAsync(data, clock);
        var envs = new List<EnvironmentOptions>();
        foreach (var name in environments ?? ["prod", "staging"])
        {
            var dd = new DatadogEnvironmentOptions
            {
                BaseUrl = fake.BaseUrl.ToString(),
                EnvTag = name,
                SpanName = DemoDatadogData.Span,
                TenantMetric = DemoDatadogData.TenantMetric,
                TenantErrorMetric = DemoDatadogData.TenantErrorMetric,
                Tenants = new Dictionary<string, string>(Sources.Demo.DemoCatalog.TenantNames.Where(t => t.Key == Sources.Demo.DemoCatalog.SlowTenantId)),
            };
            configure?.Invoke(dd);
            envs.Add(new EnvironmentOptions { Name = name, Datadog = dd });
        }
        var options = new OpsReportOptions
        {
            TimeZone = data.Calendar.ZoneId,
            Environments = envs,
            Collection = new CollectionOptions { BackfillDays = backfillDays },
        };
        var variables = new Dictionary<string, string?> { ["DD_API_KEY"] = FakeDatadogServer.ApiKey, ["DD_APP_KEY"] = FakeDatadogServer.AppKey };
        var temp = await TempStore.CreateAsync();
        var deploys = new SqliteDeployStore(temp.Store.DatabasePath);
        await deploys.InitializeAsync();
        return new DatadogTestHost(temp, deploys, fake, clock, options, variables);
    }

    public CollectionRunner Runner() => RunnerSetup.Runner(Temp.Store, Clock, Options, Source);

    /// <summary>
    /// A runner as another process (a restart, or a second instance) has it: its own Datadog source, connections and
    /// client, nothing shared in memory with <see cref="Runner"/>, over the same store and clock.
    /// </summary>
    public CollectionRunner RunnerOfAnotherProcess()
    {
        var connections = new DatadogConnectionFactory(Options, name => Variables.GetValueOrDefault(name), Clock, Temp.Store);
        var source = new DatadogSource(connections, new DatadogApiClient(_http, Clock, FastRetries), Temp.Store, Clock, new ZoneCalendar(Options.TimeZone), Deploys);
        return RunnerSetup.Runner(Temp.Store, Clock, Options, source);
    }

    /// <summary>One pass of the datadog source over every environment, as <c>collect --source datadog</c> runs it.</summary>
    public Task<CollectionSummary> CollectAsync(string? environment = null, IProgress<CollectionProgress>? progress = null) =>
        Runner().RunOnceAsync(new CollectionRequest(DatadogSource.SourceName, environment), progress, CancellationToken.None);

    /// <summary>The analysis over the collected store as of <paramref name="now"/>, asking Datadog for level mixes on demand.</summary>
    public AnalysisRunner Analysis(DateTimeOffset now) =>
        new(Temp.Store, new EnvironmentCatalog(Options), DemoSetup.Wrap(Options), new ZoneCalendar(Options.TimeZone), new TenantDirectory(Temp.Store),
            new ManualTimeProvider(now), [LevelMix], NullLogger<AnalysisRunner>.Instance);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Fake.DisposeAsync();
        await Temp.DisposeAsync();
    }
}
