using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// The on-demand level mix of a Datadog service (the contract the findings use for CloudWatch Logs too): one
/// <c>POST /api/v2/logs/analytics/aggregate</c> counting the service's events by status per hour, asked only when a
/// log-volume anomaly needs explaining. Complete hourly counts are also stored as <c>logs.events{level=…}</c> and the
/// call is recorded as a run of stream <c>level-mix</c>; a timed-out (partial) answer is recorded as partial and not stored.
/// Asked by the analysis, it never keeps it waiting more than <see cref="OnDemandLimit"/>: when a rate limit or the cap
/// would make it wait, or Datadog is slow, the finding goes out without the level mix.
/// </summary>
public sealed partial class DatadogLogLevelMixProvider(
    DatadogConnectionFactory connections,
    DatadogApiClient client,
    IMetricStore store,
    TimeProvider timeProvider,
    ILogger<DatadogLogLevelMixProvider>? logger = null) : ILogLevelMixProvider
{
    public const string LevelMixStream = "level-mix";

    // Datadog has at most a handful of statuses; 10 groups keep the query far below the 10,000-group product limit.
    private const int StatusGroups = 10;

    /// <summary>The longest the analysis waits for a level mix (rate-limit waits included).</summary>
    public static readonly TimeSpan OnDemandLimit = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>
    /// Answers for series of a Datadog environment whose <c>log_group</c> (or <c>service</c>) is a Datadog service: marked
    /// <c>source=datadog</c>, or unmarked in an environment that reads no AWS logs. Null for everything else.
    /// </summary>
    public async Task<LogLevelMix?> GetLevelMixAsync(LogLevelMixRequest request, CancellationToken cancellationToken)
    {
        if (connections.OptionsFor(request.Environment) is null)
            return null;
        var dims = request.Dimensions;
        if (dims.TryGetValue(Dims.Source, out var source) ? source != DatadogSource.SourceName : connections.AlsoUsesAws(request.Environment))
            return null;
        var service = dims.GetValueOrDefault(Dims.LogGroup) ?? dims.GetValueOrDefault(Dims.Service);
        if (string.IsNullOrWhiteSpace(service))
            return null;
        // Real time: a network wait, like the client's call timeout (rate-limit waits are refused via maxWait instead).
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(OnDemandLimit);
        try
        {
            var mix = await GetLevelMixAsync(request.Environment, service, request.Window, limit.Token, OnDemandLimit);
            return mix.TotalEvents > 0 ? new LogLevelMix(mix.EventsByLevel, []) : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTooSlow(request.Environment, service, OnDemandLimit.TotalSeconds);
            return null;
        }
    }

    /// <summary>Events per level of one service in the window, with the run recorded (source datadog, stream level-mix).</summary>
    /// <param name="maxWait">The longest wait for a rate limit or the cap; null: the client's default.</param>
    /// <exception cref="DatadogApiException">The query failed (e.g. 403 without logs_read_data) or would wait longer than <paramref name="maxWait"/>; the message names environment and endpoint.</exception>
    public async Task<DatadogLevelMix> GetLevelMixAsync(string environment, string service, TimeWindow window, CancellationToken cancellationToken, TimeSpan? maxWait = null)
    {
        var connection = connections.For(environment);
        var stream = new StreamId(DatadogSource.SourceName, connection.Environment, LevelMixStream);
        var runId = await store.StartRunAsync(stream, window, timeProvider.GetUtcNow(), cancellationToken);
        var meter = new DatadogUsageMeter();
        try
        {
            var filter = DatadogQueryText.Substitute(connection.Options.LogScope, connection).Trim();
            filter = (filter == "*" ? "" : filter.Replace(",", " ", StringComparison.Ordinal) + " ") + "service:" + service;
            var counts = await new DatadogReadApi(client, connection, meter, maxWait).LogCountsAsync(filter, window, [("status", StatusGroups)], "1h", cancellationToken);

            var hourly = new Dictionary<string, Dictionary<DateTimeOffset, double>>(StringComparer.Ordinal);
            foreach (var bucket in counts.Buckets)
            {
                var level = LevelOf(bucket.By.GetValueOrDefault("status"));
                if (!hourly.TryGetValue(level, out var perHour))
                    hourly[level] = perHour = [];
                foreach (var p in bucket.Counts.Where(p => window.Contains(p.Timestamp)))
                {
                    var hour = TimeWindow.FloorToHour(p.Timestamp);
                    perHour[hour] = perHour.GetValueOrDefault(hour) + p.Value;
                }
            }
            var byLevel = hourly.ToDictionary(kv => kv.Key, kv => kv.Value.Values.Sum(), StringComparer.Ordinal);
            var warnings = new List<string>();
            long written = 0;
            if (counts.Complete)
            {
                var series = hourly.Select(kv => new SeriesPoints(DatadogLogVolumeCollector.KeyOf(Metrics.LogEvents, connection.Environment, service, kv.Key),
                    kv.Value.Select(h => new Point(h.Key, h.Value)).OrderBy(p => p.Timestamp).ToList())).ToList();
                written = await store.CommitAsync(series, null, cancellationToken);
            }
            else
            {
                // Partial counts are kept out of the store: stored, they would read as the hour's full count.
                warnings.Add($"logs aggregate for service {service} {window} timed out in Datadog (status timeout): partial counts, shares only indicative, nothing stored");
                LogPartial(connection.Environment, service);
            }
            await store.FinishRunAsync(runId, counts.Complete ? RunStatus.Succeeded : RunStatus.Partial, written, meter.Usage,
                warnings.Count > 0 ? string.Join("; ", warnings) : null, timeProvider.GetUtcNow(), CancellationToken.None);
            return new DatadogLevelMix(connection.Environment, service, window, byLevel, counts.Complete, meter.Usage, warnings);
        }
        catch (Exception e)
        {
            await store.FinishRunAsync(runId, RunStatus.Failed, 0, meter.Usage, e.Message.ReplaceLineEndings(" "), timeProvider.GetUtcNow(), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Datadog's log status (syslog severities and their aliases) as the levels OpsReport uses.</summary>
    public static string LevelOf(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "debug" => "DEBUG",
        "trace" => "TRACE",
        "info" or "information" or "notice" or "ok" or "success" => "INFO",
        "warn" or "warning" => "WARN",
        "error" or "err" or "critical" or "crit" or "alert" or "emerg" or "emergency" or "fatal" => "ERROR",
        null or "" => "UNKNOWN",
        var other => other.ToUpperInvariant(),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Datadog ({Environment}): no level mix for service {Service} within {Seconds} s; the finding goes out without it")]
    private partial void LogTooSlow(string environment, string service, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Datadog ({Environment}): the level query for service {Service} timed out; the level mix is partial")]
    private partial void LogPartial(string environment, string service);
}
