using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// Memory per service as utilization in percent: each configured query (and its limit query) in one v2 request per
/// window, hourly; usage ÷ limit where a limit is known, else the query's own percent or fraction.
/// </summary>
internal sealed class DatadogMemoryCollector(DatadogApiClient client)
{
    public async Task<SourceBatch> CollectAsync(DatadogConnection connection, TimeWindow fetch, CancellationToken cancellationToken)
    {
        var meter = new DatadogUsageMeter();
        var api = new DatadogReadApi(client, connection, meter);
        var configured = QueriesOf(connection);
        var queries = new List<DatadogQuery>();
        var slots = new List<(int Usage, int? Limit)>();
        foreach (var m in configured)
        {
            var usage = queries.Count;
            queries.Add(new DatadogQuery("m" + usage.ToString(System.Globalization.CultureInfo.InvariantCulture), DatadogQueryText.Substitute(m.Query, connection)));
            int? limit = null;
            if (!string.IsNullOrWhiteSpace(m.LimitQuery))
            {
                limit = queries.Count;
                queries.Add(new DatadogQuery("m" + limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), DatadogQueryText.Substitute(m.LimitQuery, connection)));
            }
            slots.Add((usage, limit));
        }

        var (series, error) = await api.TimeseriesAsync(queries, fetch, TimeSpan.FromHours(1), cancellationToken);
        var warnings = new List<string>();
        // An error beside the data is a query Datadog did not finish: what came back is kept, the window is asked again.
        var failed = error is null ? [] : new[] { $"memory {fetch}: Datadog reported '{error}' beside the data; what came back is kept, the window is fetched again next run" };
        var utilization = new Dictionary<(string Service, DateTimeOffset Hour), double>();
        for (var i = 0; i < configured.Count; i++)
        {
            var m = configured[i];
            var (usageIndex, limitIndex) = slots[i];
            var usage = Hourly(series.Where(s => s.QueryIndex == usageIndex), m.ServiceTag);
            var limits = limitIndex is { } li ? Hourly(series.Where(s => s.QueryIndex == li), m.ServiceTag) : null;
            if (usage.Count == 0)
                warnings.Add($"memory query '{m.Name}' returned no series for {fetch} (env:{connection.EnvTag}); check it in Datadog's metric explorer");
            foreach (var ((service, hour), value) in usage)
            {
                double? percent = limits is not null
                    ? limits.TryGetValue((service, hour), out var l) && l > 0 ? 100 * value / l : null
                    : m.Unit switch
                    {
                        "fraction" => 100 * value,
                        "free-fraction" => 100 * (1 - value),
                        _ => value,
                    };
                if (percent is not { } p || !double.IsFinite(p) || p < 0)
                    continue;
                // Two queries naming the same service: the more utilized view is the one that runs out first.
                utilization[(service, hour)] = Math.Max(utilization.GetValueOrDefault((service, hour)), Math.Round(p, 3));
            }
        }
        var result = utilization.GroupBy(kv => kv.Key.Service)
            .Select(g => new SeriesPoints(
                new SeriesKey(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, connection.Environment), (Dims.Service, g.Key)),
                g.Select(kv => new Point(kv.Key.Hour, kv.Value)).OrderBy(p => p.Timestamp).ToList()))
            .ToList();
        return new SourceBatch(result, meter.Usage, warnings) { FailedRequests = failed };
    }

    public static IReadOnlyList<DatadogMemoryQueryOptions> QueriesOf(DatadogConnection connection) =>
        connection.Options.Memory.Count > 0 ? connection.Options.Memory : [DatadogQueryText.DefaultMemory];

    // A gauge's hourly value: the last point of each hour when Datadog returns finer points than asked for.
    private static Dictionary<(string, DateTimeOffset), double> Hourly(IEnumerable<DatadogSeries> series, string serviceTag)
    {
        var result = new Dictionary<(string, DateTimeOffset), double>();
        foreach (var s in series)
        {
            if (!s.Tags.TryGetValue(serviceTag, out var service) || string.IsNullOrWhiteSpace(service) || service == "N/A")
                continue;
            foreach (var p in s.Points)
                result[(service, TimeWindow.FloorToHour(p.Timestamp))] = p.Value;
        }
        return result;
    }
}
