using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// Log volume per service from the free usage metrics <c>datadog.estimated_usage.logs.ingested_bytes</c> and
/// <c>_events</c> (metric queries, no log query), hourly, as <c>logs.bytes</c>/<c>logs.events</c> with the service as the
/// log group, so the log-volume panel and detector treat a Datadog service like a CloudWatch log group. Both metrics go
/// in one v2 timeseries request per window (it takes several queries). With them, one logs aggregate per window counts
/// the events of the busiest services by status per hour, stored as <c>logs.events{level=…}</c>: the analysis reads a
/// volume spike's level mix from the store and never waits on Datadog for it.
/// </summary>
internal sealed class DatadogLogVolumeCollector(DatadogApiClient client)
{
    public const string BytesMetric = "datadog.estimated_usage.logs.ingested_bytes";
    public const string EventsMetric = "datadog.estimated_usage.logs.ingested_events";

    // Services with a level split per window (the busiest first) × statuses: far below the 10,000-group product limit.
    private const int LevelServices = 50;
    private const int LevelStatuses = 10;

    public async Task<SourceBatch> CollectAsync(DatadogConnection connection, TimeWindow fetch, CancellationToken cancellationToken)
    {
        var meter = new DatadogUsageMeter();
        var api = new DatadogReadApi(client, connection, meter);
        var failed = new List<string>();
        var result = new List<SeriesPoints>();
        var metrics = new[] { (Name: "bytes", Metric: BytesMetric, Stored: Metrics.LogBytes), (Name: "events", Metric: EventsMetric, Stored: Metrics.LogEvents) };
        var (answered, error) = await api.TimeseriesAsync([.. metrics.Select(m => new DatadogQuery(m.Name, Query(connection, m.Metric)))], fetch, TimeSpan.FromHours(1), cancellationToken);
        // An error beside the data means some groups were not answered: what came back is kept, but the window is
        // fetched again next run.
        if (error is not null)
            failed.Add($"log volume {fetch}: Datadog reported '{error}' beside the data");
        foreach (var group in answered.Where(s => s.QueryIndex >= 0 && s.QueryIndex < metrics.Length).GroupBy(s => s.QueryIndex))
        {
            var stored = metrics[group.Key].Stored;
            foreach (var s in group)
            {
                if (!s.Tags.TryGetValue("service", out var service) || string.IsNullOrWhiteSpace(service) || service == "N/A")
                    continue;
                // Counts: points that share an hour (a finer rollup than asked for) add up.
                var points = s.Points.GroupBy(p => TimeWindow.FloorToHour(p.Timestamp))
                    .Select(g => new Point(g.Key, Math.Round(g.Sum(p => p.Value))))
                    .OrderBy(p => p.Timestamp)
                    .ToList();
                if (points.Count > 0)
                    result.Add(new SeriesPoints(KeyOf(stored, connection.Environment, service), points));
            }
        }
        await AddLevelSplitAsync(api, connection, fetch, result, failed, cancellationToken);
        return new SourceBatch(result, meter.Usage, []) { FailedRequests = failed };
    }

    private static async Task AddLevelSplitAsync(DatadogReadApi api, DatadogConnection connection, TimeWindow fetch, List<SeriesPoints> result, List<string> failed,
        CancellationToken cancellationToken)
    {
        var scope = DatadogQueryText.Substitute(connection.Options.LogScope, connection).Trim();
        var filter = scope == "*" ? "*" : scope.Replace(",", " ", StringComparison.Ordinal);
        var counts = await api.LogCountsAsync(filter, fetch, [("service", LevelServices), ("status", LevelStatuses)], "1h", cancellationToken);
        if (!counts.Complete)
        {
            // Partial counts would read as the hours' full counts: kept out, and the window is asked again.
            failed.Add($"log levels {fetch}: the logs aggregate timed out in Datadog (partial counts); level split kept as a gap");
            return;
        }
        var hourly = new Dictionary<(string Service, string Level), Dictionary<DateTimeOffset, double>>();
        foreach (var bucket in counts.Buckets)
        {
            if (bucket.By.GetValueOrDefault("service") is not { Length: > 0 } service || service == "N/A")
                continue;
            var key = (service, DatadogLogLevelMixProvider.LevelOf(bucket.By.GetValueOrDefault("status")));
            if (!hourly.TryGetValue(key, out var perHour))
                hourly[key] = perHour = [];
            foreach (var p in bucket.Counts.Where(p => fetch.Contains(p.Timestamp)))
            {
                var hour = TimeWindow.FloorToHour(p.Timestamp);
                perHour[hour] = perHour.GetValueOrDefault(hour) + p.Value;
            }
        }
        result.AddRange(hourly.Where(kv => kv.Value.Count > 0).Select(kv => new SeriesPoints(KeyOf(Metrics.LogEvents, connection.Environment, kv.Key.Service, kv.Key.Level),
            kv.Value.Select(h => new Point(h.Key, h.Value)).OrderBy(p => p.Timestamp).ToList())));
    }

    /// <summary>The series key of a service's log volume: the service is the log group, marked as Datadog's.</summary>
    public static SeriesKey KeyOf(string metric, string environment, string service, string? level = null)
    {
        var key = new SeriesKey(metric, Resolution.Hour, (Dims.Env, environment), (Dims.LogGroup, service), (Dims.Source, DatadogSource.SourceName));
        return level is null ? key : key.With(Dims.Level, level);
    }

    public static string Query(DatadogConnection connection, string metric) =>
        $"sum:{metric}{{{DatadogQueryText.LogMetricScope(connection)}}} by {{service}}.as_count().rollup(sum, 3600)";
}
