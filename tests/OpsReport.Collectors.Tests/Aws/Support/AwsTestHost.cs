using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Panels;
using OpsReport.Core.Slos;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Tests.Aws.Support;

/// <summary>
/// The AWS sources as the host wires them, for one environment "prod" pointed at a test endpoint (moto, a proxy or the
/// fake) through AWS_ENDPOINT_URL, over a real SQLite store, with fast retries.
/// </summary>
internal sealed class AwsTestHost : IAsyncDisposable
{
    /// <summary>Wednesday 2026-11-18 03:20 UTC (12:20 in Tokyo); tests seed data on the days before.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 3, 20, 0, TimeSpan.Zero);

    public static readonly AwsClientSettings FastRetries = new(5, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10));

    public static readonly InsightsPolling FastPolling = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));

    private AwsTestHost(TempStore temp, SqliteDeployStore deploys, OpsReportOptions options, AwsClientPool clients, ShiftedTimeProvider time, SloLatencyThresholds thresholds)
    {
        Deploys = deploys;
        Temp = temp;
        Options = options;
        Clients = clients;
        Time = time;
        var calendar = new ZoneCalendar(options.TimeZone);
        CloudWatch = new CloudWatchMetricsSource(clients, temp.Store, time, calendar);
        Logs = new CloudWatchLogsSource(clients, temp.Store, time, calendar, FastPolling, thresholds);
        Cost = new CostExplorerSource(clients, temp.Store);
        Ecs = new EcsDeploySource(clients, temp.Store, deploys);
    }

    public TempStore Temp { get; }

    public IMetricStore Store => Temp.Store;

    public OpsReportOptions Options { get; }

    public AwsClientPool Clients { get; }

    public ShiftedTimeProvider Time { get; }

    public CloudWatchMetricsSource CloudWatch { get; }

    public CloudWatchLogsSource Logs { get; }

    public CostExplorerSource Cost { get; }

    public EcsDeploySource Ecs { get; }

    /// <summary>The deploys table in the same SQLite file as <see cref="Store"/>.</summary>
    public SqliteDeployStore Deploys { get; }

    public AwsEnvironmentOptions Aws => Options.Environments[0].Aws!;

    public static async Task<AwsTestHost> CreateAsync(Uri endpoint, string region, AWSCredentials? credentials = null, Action<AwsEnvironmentOptions>? configure = null, AwsClientSettings? settings = null, SloLatencyThresholds? thresholds = null)
    {
        var aws = new AwsEnvironmentOptions { Region = region };
        configure?.Invoke(aws);
        var options = new OpsReportOptions
        {
            TimeZone = "Asia/Tokyo",
            Environments = [new EnvironmentOptions { Name = "prod", Aws = aws }],
            Collection = new CollectionOptions { BackfillDays = 3 },
        };
        var endpoints = new AwsEndpointResolver(name => name == "AWS_ENDPOINT_URL" ? endpoint.ToString() : null);
        credentials ??= new BasicAWSCredentials("AKIDTESTTESTTEST0000", "test-secret-key");
        var factory = new AwsConnectionFactory(options, (name, env) => new AwsConnection(name, env.Region ?? region, credentials, endpoints));
        var time = new ShiftedTimeProvider(Now);
        var clients = new AwsClientPool(factory, settings ?? FastRetries, time);
        var temp = await TempStore.CreateAsync();
        var deploys = new SqliteDeployStore(temp.Store.DatabasePath);
        await deploys.InitializeAsync();
        return new AwsTestHost(temp, deploys, options, clients, time, thresholds ?? SloLatencyThresholds.None);
    }

    public CollectionRunner Runner(params ISource[] sources) => RunnerSetup.Runner(Store, Time, Options, sources);

    /// <summary>One explicit-window pass of one source, as <c>collect --source S --from F --to T</c> runs it.</summary>
    public Task<CollectionSummary> CollectAsync(ISource source, DateTimeOffset from, DateTimeOffset to) =>
        Runner(source).RunOnceAsync(new CollectionRequest(source.Name, "prod", from, to), null, CancellationToken.None);

    /// <summary>The analysis as the host runs it, over this store and clock; SLOs evaluated by the real reader over this store.</summary>
    public AnalysisRunner Analysis(ISloReader? slos = null) =>
        new(Store, new EnvironmentCatalog(Options), Microsoft.Extensions.Options.Options.Create(Options), new ZoneCalendar(Options.TimeZone),
            new TenantDirectory(Store), Time, [], NullLogger<AnalysisRunner>.Instance, null,
            slos is null ? null : new SloReader(slos.Definitions, Store, new ZoneCalendar(Options.TimeZone), Options.Analysis.Slo));

    public ValueTask DisposeAsync() => Temp.DisposeAsync();
}
