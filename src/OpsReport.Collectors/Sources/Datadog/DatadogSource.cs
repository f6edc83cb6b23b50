using OpsReport.Collectors.Sources.Aws;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// Datadog (source <c>datadog</c>): APM latency per endpoint and tenant, memory per service, log volume per service,
/// and the organization's usage and estimated cost, for each environment with a <c>Datadog</c> section. One query per
/// metric per window, grouped <c>by {…}</c>; windows already complete cost no request; every request is counted and
/// paced within the organization's hourly budget.
/// </summary>
public sealed class DatadogSource : ISource
{
    public const string SourceName = "datadog";
    public const string LatencyStream = "latency";
    public const string MemoryStream = "memory";
    public const string LogsStream = "logs";
    public const string UsageStream = "usage";
    public const string CostStream = "cost";
    public const string DeploysStream = "deploys";

    /// <summary>Hourly usage of the organization: <c>datadog.usage{product_family, usage_type}</c>, in the usage type's own unit.</summary>
    public const string UsageMetric = "datadog.usage";

    /// <summary>Dimension of <see cref="UsageMetric"/> naming Datadog's product family (logs, indexed_spans, infra_hosts).</summary>
    public const string ProductFamilyDim = "product_family";

    /// <summary>Estimated cost is stored as <c>cost.usd</c> with this service (and the Datadog product as usage type).</summary>
    public const string CostService = "Datadog";

    // Trace and infrastructure metrics of an hour are in within minutes; usage metrics of logs a little later.
    internal static readonly TimeSpan MetricsSettle = TimeSpan.FromMinutes(15);
    internal static readonly TimeSpan LogsSettle = TimeSpan.FromMinutes(30);
    // Hourly usage "lags up to 72 h" (DATADOG.md): recent hours are collected early and read again until they settle.
    internal static readonly TimeSpan UsageSettle = TimeSpan.FromHours(72);
    // A day's estimated cost keeps changing for a while after it ends.
    internal static readonly TimeSpan CostSettle = TimeSpan.FromDays(2);
    // Events are searchable within seconds of being posted; a CI pipeline may post a few minutes late.
    internal static readonly TimeSpan DeploysSettle = TimeSpan.FromMinutes(10);

    private readonly DatadogConnectionFactory _connections;
    private readonly IMetricStore _store;
    private readonly TimeProvider _time;
    private readonly CollectedWindows _windows;
    private readonly DatadogLatencyCollector _latency;
    private readonly DatadogMemoryCollector _memory;
    private readonly DatadogLogVolumeCollector _logs;
    private readonly DatadogUsageCollector _usage;
    private readonly DatadogDeployCollector _deploys;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _tenantsPublished = new(StringComparer.OrdinalIgnoreCase);

    public DatadogSource(DatadogConnectionFactory connections, DatadogApiClient client, IMetricStore store, TimeProvider timeProvider, ZoneCalendar calendar,
        IDeployStore? deploys = null)
    {
        _deploys = new DatadogDeployCollector(client, deploys);
        _connections = connections;
        _store = store;
        _time = timeProvider;
        _windows = new CollectedWindows(store);
        _latency = new DatadogLatencyCollector(client, calendar, store, timeProvider);
        _memory = new DatadogMemoryCollector(client);
        _logs = new DatadogLogVolumeCollector(client);
        _usage = new DatadogUsageCollector(client, timeProvider);
    }

    public string Name => SourceName;

    public IReadOnlyList<SourceStream> GetStreams(string environment)
    {
        var dd = _connections.OptionsFor(environment);
        if (dd is null)
            return [];
        var name = _connections.Environments.First(e => string.Equals(e, environment, StringComparison.OrdinalIgnoreCase));
        var streams = new List<SourceStream>
        {
            // A week per window: one hourly request and one for all its local days and weeks (168 points a series,
            // far below Datadog's points per series), instead of a request per day.
            new(Name, name, LatencyStream, TimeSpan.FromHours(1), TimeSpan.FromDays(7), MetricsSettle),
            new(Name, name, MemoryStream, TimeSpan.FromHours(1), TimeSpan.FromDays(7), MetricsSettle),
            new(Name, name, LogsStream, TimeSpan.FromHours(1), TimeSpan.FromDays(7), LogsSettle),
        };
        // Usage and cost belong to the organization: collected once, by the first environment using its keys.
        var owner = OwnsUsage(name);
        if (dd.Usage && owner)
            streams.Add(new(Name, name, UsageStream, TimeSpan.FromHours(1), TimeSpan.FromDays(7), TimeSpan.FromHours(1)));
        if (dd.Cost && owner)
            streams.Add(new(Name, name, CostStream, TimeSpan.FromDays(1), TimeSpan.FromDays(31), TimeSpan.Zero));
        if (!string.IsNullOrWhiteSpace(dd.DeployEventQuery))
            streams.Add(new(Name, name, DeploysStream, TimeSpan.FromHours(1), TimeSpan.FromDays(7), DeploysSettle));
        return streams;
    }

    /// <exception cref="DatadogConfigurationException">Keys or site missing or unusable; the message names environment and config keys.</exception>
    /// <exception cref="DatadogApiException">Datadog refused or kept failing (after retries); the message names environment and endpoint.</exception>
    public async Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken)
    {
        var connection = _connections.For(stream.Environment);
        var (step, settle, reread) = stream.Name switch
        {
            LatencyStream or MemoryStream => (TimeSpan.FromHours(1), MetricsSettle, TimeSpan.Zero),
            LogsStream => (TimeSpan.FromHours(1), LogsSettle, TimeSpan.Zero),
            UsageStream => (TimeSpan.FromHours(1), UsageSettle, UsageSettle),
            CostStream => (TimeSpan.FromDays(1), CostSettle, CostSettle + TimeSpan.FromDays(1)),
            DeploysStream => (TimeSpan.FromHours(1), DeploysSettle, TimeSpan.Zero),
            _ => throw new ArgumentException($"The datadog source has no stream '{stream.Name}' (streams: {LatencyStream}, {MemoryStream}, {LogsStream}, {UsageStream}, {CostStream}, {DeploysStream}).", nameof(stream)),
        };
        // Only what is not collected yet: a window whose runs completed (and settled) costs no request.
        if (await _windows.PlanAsync(stream.Id, window, step, settle, reread, cancellationToken) is not { } fetch)
            return SourceBatch.Empty;
        switch (stream.Name)
        {
            case LatencyStream:
                await PublishTenantsAsync(connection, cancellationToken);
                // Only the window that reaches the present asks for the periods in progress: a backfill's earlier windows need not.
                var upToDate = fetch.End >= _time.GetUtcNow() - MetricsSettle - step;
                return await _latency.CollectAsync(connection, fetch, upToDate, cancellationToken);
            case MemoryStream:
                return await _memory.CollectAsync(connection, fetch, cancellationToken);
            case LogsStream:
                return await _logs.CollectAsync(connection, fetch, cancellationToken);
            case UsageStream:
                return await _usage.CollectUsageAsync(connection, fetch, cancellationToken);
            case DeploysStream:
                return await _deploys.CollectAsync(connection, fetch, cancellationToken);
            default:
                return await _usage.CollectCostAsync(connection, fetch, cancellationToken);
        }
    }

    private bool OwnsUsage(string environment)
    {
        try
        {
            return _connections.OwnsOrganizationUsage(environment);
        }
        catch (DatadogConfigurationException)
        {
            // Without keys every stream fails with the message that says which key to set; list usage with them.
            return true;
        }
    }

    // Series carry tenant ids; surfaces show the configured names from the tenant directory.
    private async Task PublishTenantsAsync(DatadogConnection connection, CancellationToken cancellationToken)
    {
        if (connection.Options.Tenants.Count == 0)
            return;
        lock (_gate)
        {
            if (_tenantsPublished.Contains(connection.Environment))
                return;
        }
        await TenantDirectory.PublishAsync(_store, connection.Environment, connection.Options.Tenants, cancellationToken);
        lock (_gate)
            _tenantsPublished.Add(connection.Environment);
    }
}
