using System.Globalization;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Slos;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>The built-in demo data source: realistic latency, memory, log and cost series with planted incidents.</summary>
/// <remarks>
/// Generated deterministically from the seed and the anchor (the first time it ran), so every page works before AWS or
/// Datadog is connected. Each value is a pure function of (seed, series, timestamp): any window, chunked any way, gives
/// the same points.
/// </remarks>
public sealed class DemoSource : ISource
{
    public const string SourceName = "demo";
    public const string LatencyStream = "latency";
    public const string MemoryStream = "memory";
    public const string LogsStream = "logs";
    public const string CostStream = "cost";

    /// <summary>Setting holding the anchor (ISO 8601, UTC); delete it to re-anchor the demo at the next run.</summary>
    public const string AnchorSetting = "demo.anchor";

    // The runner commits after each window, so an interrupted backfill loses at most a week of work. A week per call
    // and commit writes each series' points of the week side by side (one B-tree walk, one commit instead of seven)
    // and computes each week's rollups once instead of once per day (see `bench collect`).
    private static readonly TimeSpan HourlyMaxWindow = TimeSpan.FromDays(7);
    private static readonly TimeSpan CostMaxWindow = TimeSpan.FromDays(7);

    private readonly OpsReportOptions _options;
    private readonly IMetricStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ZoneCalendar _calendar;
    private readonly SemaphoreSlim _anchorGate = new(1, 1);
    private readonly Lock _modelsGate = new();
    private readonly Dictionary<string, Models> _models = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _namesPublished = new(StringComparer.OrdinalIgnoreCase);
    private readonly IDeployStore? _deploys;
    private readonly IReadOnlyList<SloDefinition> _slos;
    private DemoIncidents? _incidents;

    /// <param name="slos">The loaded SLOs: the demo counts requests under the thresholds of its latency SLOs.</param>
    public DemoSource(IOptions<OpsReportOptions> options, IMetricStore store, TimeProvider timeProvider, ZoneCalendar calendar, IDeployStore? deploys = null,
        ISloReader? slos = null)
    {
        _deploys = deploys;
        _slos = slos?.Definitions ?? [];
        _options = options.Value;
        _store = store;
        _timeProvider = timeProvider;
        _calendar = calendar;
    }

    public string Name => SourceName;

    /// <summary>True when the demo is switched on (explicitly, or because no environment has a real source).</summary>
    public bool IsEnabled => EnvironmentCatalog.IsDemoEnabled(_options);

    public IReadOnlyList<string> Environments => _options.Demo.Environments;

    public IReadOnlyList<SourceStream> GetStreams(string environment)
    {
        var env = FindEnvironment(environment);
        if (!IsEnabled || env is null)
            return [];
        return
        [
            new SourceStream(Name, env, LatencyStream, TimeSpan.FromHours(1), HourlyMaxWindow, TimeSpan.Zero),
            new SourceStream(Name, env, MemoryStream, TimeSpan.FromHours(1), HourlyMaxWindow, TimeSpan.Zero),
            new SourceStream(Name, env, LogsStream, TimeSpan.FromHours(1), HourlyMaxWindow, TimeSpan.Zero),
            new SourceStream(Name, env, CostStream, TimeSpan.FromDays(1), CostMaxWindow, TimeSpan.Zero),
        ];
    }

    public async Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var env = FindEnvironment(stream.Environment)
            ?? throw new ArgumentException($"'{stream.Environment}' is not a demo environment (demo environments: {string.Join(", ", Environments)}).", nameof(stream));
        var models = GetModels(env, await GetIncidentsAsync(cancellationToken));
        if (stream.Name == LatencyStream)
            await PublishTenantNamesAsync(env, cancellationToken);
        // Deploys ride along with the memory stream, whose restarts they cause; recording them again changes nothing.
        if (stream.Name == MemoryStream && _deploys is not null)
            await _deploys.UpsertAsync(DemoDeploys.In(models.Environment, window), cancellationToken);
        return stream.Name switch
        {
            LatencyStream => models.Latency.Collect(window, cancellationToken),
            MemoryStream => models.Memory.Collect(CeilDiv(window.Start, 3600), CeilDiv(window.End, 3600)),
            LogsStream => models.Logs.Collect(CeilDiv(window.Start, 3600), CeilDiv(window.End, 3600)),
            // Cost Explorer bills whole UTC days: a day belongs to the window its end falls in, so any split of
            // time into windows yields every complete day exactly once.
            CostStream => models.Cost.Collect(FloorDiv(window.Start, 86_400), FloorDiv(window.End, 86_400)),
            _ => throw new ArgumentException($"The demo source has no stream '{stream.Name}' (streams: {LatencyStream}, {MemoryStream}, {LogsStream}, {CostStream}).", nameof(stream)),
        };
    }

    /// <summary>The anchor: read from the store, or set to the current hour on the first run.</summary>
    public async Task<DateTimeOffset> GetAnchorAsync(CancellationToken cancellationToken = default) =>
        (await GetIncidentsAsync(cancellationToken)).Anchor;

    /// <summary>The planted incidents with their times, for the configured demo environments.</summary>
    public async Task<DemoIncidents> GetIncidentsAsync(CancellationToken cancellationToken = default)
    {
        if (_incidents is { } known)
            return known;
        await _anchorGate.WaitAsync(cancellationToken);
        try
        {
            if (_incidents is null)
            {
                var anchor = await LoadAnchorAsync(cancellationToken);
                _incidents = new DemoIncidents(anchor, Environments);
            }
            return _incidents;
        }
        finally
        {
            _anchorGate.Release();
        }
    }

    private async Task<DateTimeOffset> LoadAnchorAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.GetSettingAsync(AnchorSetting, cancellationToken);
        if (stored is null)
        {
            var anchor = TimeWindow.FloorToHour(_timeProvider.GetUtcNow());
            await _store.SetSettingAsync(AnchorSetting, anchor.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
            // Another process (a CLI collect beside the dashboard) may have anchored at the same moment; the stored value wins.
            stored = await _store.GetSettingAsync(AnchorSetting, cancellationToken) ?? anchor.ToString("O", CultureInfo.InvariantCulture);
        }
        if (!DateTimeOffset.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            throw new InvalidOperationException($"Setting '{AnchorSetting}' = '{stored}' is not an ISO 8601 time; delete it to re-anchor the demo data.");
        return TimeWindow.FloorToHour(parsed);
    }

    // Series carry tenant ids; surfaces show names from the tenant directory, which each source keeps filled.
    private async Task PublishTenantNamesAsync(string environment, CancellationToken cancellationToken)
    {
        lock (_modelsGate)
        {
            if (_namesPublished.Contains(environment))
                return;
        }
        var names = DemoCatalog.TenantsOf(environment).ToDictionary(t => t.Id, t => t.DisplayName, StringComparer.Ordinal);
        await TenantDirectory.PublishAsync(_store, environment, names, cancellationToken);
        lock (_modelsGate)
            _namesPublished.Add(environment);
    }

    private Models GetModels(string environment, DemoIncidents incidents)
    {
        lock (_modelsGate)
        {
            if (!_models.TryGetValue(environment, out var models))
            {
                var env = new DemoEnvironment(environment, _options.Demo.Seed, incidents);
                var logs = new DemoLogs(env);
                models = new Models(env, new DemoLatency(env, _calendar, path => ThresholdsOf(environment, path)), new DemoMemory(env), logs, new DemoCost(env, logs));
                _models[environment] = models;
            }
            return models;
        }
    }

    // Whole milliseconds of the latency SLOs of this environment whose path (or "*") and service cover the path.
    private List<int> ThresholdsOf(string environment, DemoPath path) =>
        _slos.Where(d => d.Sli == SliKind.Latency && d.Threshold is not null
                && string.Equals(d.Environment, environment, StringComparison.OrdinalIgnoreCase)
                && (d.Path == "*" || d.Path == path.Template) && (d.Service is null || d.Service == path.Service))
            .Select(d => (int)d.Threshold!.Value.TotalMilliseconds)
            .ToList();

    private string? FindEnvironment(string environment) =>
        Environments.FirstOrDefault(e => string.Equals(e, environment, StringComparison.OrdinalIgnoreCase));

    private static long FloorDiv(DateTimeOffset t, long seconds) => t.ToUnixTimeSeconds() / seconds;

    private static long CeilDiv(DateTimeOffset t, long seconds) => (t.ToUnixTimeSeconds() + seconds - 1) / seconds;

    private sealed record Models(DemoEnvironment Environment, DemoLatency Latency, DemoMemory Memory, DemoLogs Logs, DemoCost Cost);
}
