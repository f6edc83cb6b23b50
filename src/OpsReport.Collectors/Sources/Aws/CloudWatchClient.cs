using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>CloudWatch metrics over JSON 1.0: <c>ListMetrics</c> (paged) and <c>GetMetricData</c> (batched at 500 queries, paged).</summary>
public sealed class CloudWatchClient(AwsApiClient api)
{
    /// <summary>GetMetricData takes at most 500 queries per call.</summary>
    public const int MaxQueriesPerCall = 500;

    /// <summary>GetMetricData returns at most 100,800 points per call; beyond, it pages, and each page bills every metric again.</summary>
    public const int MaxPointsPerCall = 100_800;

    /// <summary>All metrics of a namespace (optionally one metric name), each once (pages may repeat a metric).</summary>
    public async Task<IReadOnlyList<CloudWatchMetric>> ListMetricsAsync(string metricNamespace, string? metricName, AwsUsageMeter meter, CancellationToken cancellationToken, int maxPages = int.MaxValue)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var metrics = new List<CloudWatchMetric>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = new JsonObject { ["Namespace"] = metricNamespace };
            if (metricName is not null)
                request["MetricName"] = metricName;
            if (token is not null)
                request["NextToken"] = token;
            var response = await api.CallAsync(AwsService.CloudWatch, "ListMetrics", request, meter, cancellationToken);
            meter.AddBilled(usd: AwsPricing.PerCloudWatchRequest);
            if (response.TryGetProperty("Metrics", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    var metric = new CloudWatchMetric(
                        Json.String(item, "Namespace") ?? metricNamespace,
                        Json.String(item, "MetricName") ?? "",
                        Json.Array(item, "Dimensions").Select(d => new CloudWatchDimension(Json.String(d, "Name") ?? "", Json.String(d, "Value") ?? "")).ToList());
                    if (metric.MetricName.Length > 0 && seen.Add(metric.Identity))
                        metrics.Add(metric);
                }
            }
            token = Json.String(response, "NextToken");
            pages++;
        }
        while (token is not null && pages < maxPages);
        return metrics;
    }

    /// <summary>
    /// Runs the queries over [start, end) in calls of at most 500 queries and 100,800 points (so each metric is requested
    /// once, not once per page), following <c>NextToken</c> until every query is complete. Timestamps are floored to their period's start (counted from <paramref name="start"/>, as CloudWatch
    /// aligns them). A query that stays partial, failed or forbidden keeps what it got and says so in its status.
    /// </summary>
    public async Task<IReadOnlyList<MetricDataResult>> GetMetricDataAsync(IReadOnlyList<MetricDataQuery> queries, DateTimeOffset start, DateTimeOffset end, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var results = new List<MetricDataResult>(queries.Count);
        foreach (var batch in queries.Chunk(QueriesPerCall(queries, start, end)))
        {
            var byId = batch.ToDictionary(q => q.Id, q => new Accumulator(q), StringComparer.Ordinal);
            string? token = null;
            do
            {
                var request = new JsonObject
                {
                    ["MetricDataQueries"] = new JsonArray(batch.Select(q => (JsonNode)q.ToJson()).ToArray()),
                    ["StartTime"] = start.ToUnixTimeSeconds(),
                    ["EndTime"] = end.ToUnixTimeSeconds(),
                    ["ScanBy"] = "TimestampAscending",
                };
                if (token is not null)
                    request["NextToken"] = token;
                var response = await api.CallAsync(AwsService.CloudWatch, "GetMetricData", request, meter, cancellationToken);
                // Billed per metric requested in each request; a follow-up page repeats the same queries.
                meter.AddBilled(metricsRequested: batch.Length, usd: batch.Length * AwsPricing.PerMetricRequested);
                foreach (var item in Json.Array(response, "MetricDataResults"))
                {
                    if (Json.String(item, "Id") is { } id && byId.TryGetValue(id, out var accumulator))
                        accumulator.Add(item, start);
                }
                token = Json.String(response, "NextToken");
            }
            while (token is not null);
            results.AddRange(byId.Values.Select(a => a.Build()));
        }
        return results;
    }

    /// <summary>As many queries as fit in one call without paging: 500, or fewer when each returns many points.</summary>
    internal static int QueriesPerCall(IReadOnlyList<MetricDataQuery> queries, DateTimeOffset start, DateTimeOffset end)
    {
        if (queries.Count == 0)
            return MaxQueriesPerCall;
        var seconds = Math.Max(1, (end - start).TotalSeconds);
        var points = (long)Math.Ceiling(seconds / queries.Min(q => Math.Max(1, q.PeriodSeconds)));
        return (int)Math.Clamp(MaxPointsPerCall / Math.Max(1, points), 1, MaxQueriesPerCall);
    }

    private sealed class Accumulator(MetricDataQuery query)
    {
        private readonly SortedDictionary<DateTimeOffset, double> _points = [];
        private readonly List<string> _messages = [];
        private string _status = "Complete";

        public void Add(JsonElement item, DateTimeOffset start)
        {
            var timestamps = Json.Array(item, "Timestamps").ToList();
            var values = Json.Array(item, "Values").ToList();
            var period = TimeSpan.FromSeconds(query.PeriodSeconds);
            for (var i = 0; i < Math.Min(timestamps.Count, values.Count); i++)
            {
                var t = DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(timestamps[i].GetDouble() * 1000));
                var aligned = start + (period * Math.Floor((t - start) / period));
                _points[aligned] = values[i].GetDouble();
            }
            _status = Json.String(item, "StatusCode") ?? _status;
            foreach (var message in Json.Array(item, "Messages"))
                _messages.Add($"{Json.String(message, "Code")}: {Json.String(message, "Value")}");
        }

        public MetricDataResult Build() => new(query, [.. _points.Select(p => new MetricValue(p.Key, p.Value))], _status, _messages);
    }
}

/// <summary>A CloudWatch metric: namespace, name and dimensions (order as listed by CloudWatch).</summary>
public sealed record CloudWatchMetric(string Namespace, string MetricName, IReadOnlyList<CloudWatchDimension> Dimensions)
{
    /// <summary>Identity regardless of dimension order, e.g. <c>AWS/ECS|MemoryUtilization|ClusterName=c|ServiceName=api</c>.</summary>
    public string Identity => Namespace + "|" + MetricName + string.Concat(Dimensions.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => "|" + d.Name + "=" + d.Value));

    public string? this[string dimension] => Dimensions.FirstOrDefault(d => d.Name == dimension)?.Value;

    public JsonObject ToJson() => new()
    {
        ["Namespace"] = Namespace,
        ["MetricName"] = MetricName,
        ["Dimensions"] = new JsonArray(Dimensions.Select(d => (JsonNode)new JsonObject { ["Name"] = d.Name, ["Value"] = d.Value }).ToArray()),
    };
}

/// <summary>One dimension of a CloudWatch metric.</summary>
public sealed record CloudWatchDimension(string Name, string Value);

/// <summary>One <c>MetricStat</c> query of GetMetricData. <paramref name="Id"/> starts with a lowercase letter (API rule).</summary>
public sealed record MetricDataQuery(string Id, CloudWatchMetric Metric, int PeriodSeconds, string Stat)
{
    public JsonObject ToJson() => new()
    {
        ["Id"] = Id,
        ["MetricStat"] = new JsonObject { ["Metric"] = Metric.ToJson(), ["Period"] = PeriodSeconds, ["Stat"] = Stat },
        ["ReturnData"] = true,
    };
}

/// <summary>A query's values by period start; <paramref name="StatusCode"/> is CloudWatch's last word (Complete, PartialData, InternalError, Forbidden).</summary>
public sealed record MetricDataResult(MetricDataQuery Query, IReadOnlyList<MetricValue> Values, string StatusCode, IReadOnlyList<string> Messages);

/// <summary>One value at its period's start.</summary>
public readonly record struct MetricValue(DateTimeOffset Timestamp, double Value);
