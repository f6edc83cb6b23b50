using System.Globalization;
using System.Text.Json.Nodes;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// The Datadog read endpoints OpsReport uses (DATADOG.md), one method each, with requests built and answers parsed here:
/// validate, v1 query, v2 timeseries and scalar, logs aggregate, hourly usage and estimated cost.
/// </summary>
/// <param name="maxWait">The longest wait for a rate limit or cap a call accepts (on-demand questions: a few seconds); null: the client's default.</param>
internal sealed class DatadogReadApi(DatadogApiClient client, DatadogConnection connection, DatadogUsageMeter meter, TimeSpan? maxWait = null)
{
    public const string ValidatePath = "api/v1/validate";
    public const string QueryV1Path = "api/v1/query";
    public const string TimeseriesPath = "api/v2/query/timeseries";
    public const string ScalarPath = "api/v2/query/scalar";
    public const string LogsAggregatePath = "api/v2/logs/analytics/aggregate";
    public const string HourlyUsagePath = "api/v2/usage/hourly_usage";
    public const string EstimatedCostPath = "api/v2/usage/estimated_cost";

    // Pages followed at most per call: enough for months of hourly usage or thousands of log groups, yet bounded.
    private const int MaxPages = 50;

    public DatadogConnection Connection => connection;

    /// <summary><c>GET /api/v1/validate</c> (API key only): true when Datadog says the key is valid.</summary>
    public async Task<bool> ValidateAsync(CancellationToken cancellationToken)
    {
        var root = await client.GetAsync(connection, ValidatePath, [], meter, cancellationToken, apiKeyOnly: true, maxWait: maxWait);
        return root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("valid", out var valid) && valid.ValueKind == System.Text.Json.JsonValueKind.True;
    }

    /// <summary>A v1 metric query over [from, to) (Datadog takes whole seconds).</summary>
    public async Task<IReadOnlyList<DatadogSeries>> QueryAsync(string query, TimeWindow window, CancellationToken cancellationToken)
    {
        var root = await client.GetAsync(connection, QueryV1Path,
        [
            KeyValuePair.Create("from", window.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            KeyValuePair.Create("to", window.End.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            KeyValuePair.Create("query", query),
        ], meter, cancellationToken, maxWait: maxWait);
        // A query Datadog could not run answers 200 with status "error" and no series: never read as "no data" (that
        // would move the watermark past a window that was never fetched).
        if (root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("status", out var status)
            && status.ValueKind == System.Text.Json.JsonValueKind.String && string.Equals(status.GetString(), "error", StringComparison.OrdinalIgnoreCase))
        {
            var detail = root.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.String ? error.GetString() : null;
            throw new DatadogApiException(connection.Environment, "GET /" + QueryV1Path, System.Net.HttpStatusCode.OK, detail ?? "status error");
        }
        // The end is inclusive in Datadog's terms: a point at exactly `to` belongs to the next window.
        return DatadogResponses.ParseV1(root).Select(s => s with { Points = s.Points.Where(p => window.Contains(p.Timestamp)).ToList() }).ToList();
    }

    /// <summary>
    /// Several metric queries over one window in one v2 request, at a fixed interval; each series says which query it
    /// answers. An <c>errors</c> string beside data is returned beside the series; without data it is thrown.
    /// </summary>
    public async Task<(IReadOnlyList<DatadogSeries> Series, string? Error)> TimeseriesAsync(IReadOnlyList<DatadogQuery> queries, TimeWindow window, TimeSpan interval,
        CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "timeseries_request",
                ["attributes"] = new JsonObject
                {
                    ["from"] = window.Start.ToUnixTimeMilliseconds(),
                    ["to"] = window.End.ToUnixTimeMilliseconds(),
                    ["interval"] = (long)interval.TotalMilliseconds,
                    ["queries"] = new JsonArray([.. queries.Select(q => (JsonNode)new JsonObject { ["data_source"] = "metrics", ["name"] = q.Name, ["query"] = q.Query })]),
                    ["formulas"] = new JsonArray([.. queries.Select(q => (JsonNode)new JsonObject { ["formula"] = q.Name })]),
                },
            },
        };
        var root = await client.PostAsync(connection, TimeseriesPath, body, meter, cancellationToken, maxWait);
        var series = DatadogResponses.ParseTimeseries(root, out var error);
        if (error is not null && series.Count == 0)
            throw new DatadogApiException(connection.Environment, "POST /" + TimeseriesPath, System.Net.HttpStatusCode.OK, error);
        return (series.Select(s => s with { Points = s.Points.Where(p => window.Contains(p.Timestamp)).ToList() }).ToList(), error);
    }

    /// <summary>One number per group and query over the whole window (e.g. a day's p95 from a distribution), in one v2 request.</summary>
    public async Task<IReadOnlyList<DatadogScalarRow>> ScalarAsync(IReadOnlyList<DatadogQuery> queries, TimeWindow window, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "scalar_request",
                ["attributes"] = new JsonObject
                {
                    ["from"] = window.Start.ToUnixTimeMilliseconds(),
                    ["to"] = window.End.ToUnixTimeMilliseconds(),
                    ["queries"] = new JsonArray([.. queries.Select(q => (JsonNode)new JsonObject
                    {
                        ["data_source"] = "metrics", ["name"] = q.Name, ["query"] = q.Query, ["aggregator"] = q.Aggregator ?? "avg",
                    })]),
                    ["formulas"] = new JsonArray([.. queries.Select(q => (JsonNode)new JsonObject { ["formula"] = q.Name })]),
                },
            },
        };
        return DatadogResponses.ParseScalar(await client.PostAsync(connection, ScalarPath, body, meter, cancellationToken, maxWait));
    }

    /// <summary>
    /// Log event counts over the window grouped by the facets, per <paramref name="interval"/> (or one total when null);
    /// follows pages. Partial (timed-out) answers are returned with <see cref="DatadogLogCounts.Complete"/> false.
    /// </summary>
    public async Task<DatadogLogCounts> LogCountsAsync(string filter, TimeWindow window, IReadOnlyList<(string Facet, int Limit)> groupBy, string? interval,
        CancellationToken cancellationToken)
    {
        var buckets = new List<DatadogLogBucket>();
        var complete = true;
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var compute = new JsonObject { ["aggregation"] = "count", ["type"] = interval is null ? "total" : "timeseries" };
            if (interval is not null)
                compute["interval"] = interval;
            var body = new JsonObject
            {
                ["compute"] = new JsonArray(compute),
                ["filter"] = new JsonObject
                {
                    ["from"] = window.Start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    ["to"] = window.End.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    ["query"] = filter,
                    ["indexes"] = new JsonArray("*"),
                },
                ["group_by"] = new JsonArray([.. groupBy.Select(g => (JsonNode)new JsonObject { ["facet"] = g.Facet, ["limit"] = g.Limit })]),
            };
            if (cursor is not null)
                body["page"] = new JsonObject { ["cursor"] = cursor };
            var root = await client.PostAsync(connection, LogsAggregatePath, body, meter, cancellationToken, maxWait);
            var counts = DatadogResponses.ParseLogAggregate(root, out cursor);
            buckets.AddRange(counts.Buckets);
            complete &= counts.Complete;
            if (cursor is null || !counts.Complete)
                break;
        }
        return new DatadogLogCounts(buckets, complete);
    }

    /// <summary>Hourly usage of the product families over the window (hours are whole UTC hours), following pages.</summary>
    public async Task<IReadOnlyList<DatadogUsageRecord>> HourlyUsageAsync(TimeWindow window, IReadOnlyList<string> productFamilies, CancellationToken cancellationToken)
    {
        var result = new List<DatadogUsageRecord>();
        string? next = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var query = new List<KeyValuePair<string, string>>
            {
                KeyValuePair.Create("filter[timestamp][start]", window.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture)),
                KeyValuePair.Create("filter[timestamp][end]", window.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture)),
                KeyValuePair.Create("filter[product_families]", string.Join(",", productFamilies)),
            };
            if (next is not null)
                query.Add(KeyValuePair.Create("page[next_record_id]", next));
            var root = await client.GetAsync(connection, HourlyUsagePath, query, meter, cancellationToken, maxWait: maxWait);
            result.AddRange(DatadogResponses.ParseHourlyUsage(root, out next).Where(r => window.Contains(r.Hour)));
            if (next is null)
                break;
        }
        return result;
    }

    /// <summary>Month-to-date estimated cost per product and day, from <paramref name="start"/> to <paramref name="end"/> (both included).</summary>
    /// <exception cref="DatadogApiException">400/403 when the keys may not read cost (not a parent organization, or no billing_read).</exception>
    public async Task<IReadOnlyList<DatadogCostRecord>> EstimatedCostAsync(DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        var root = await client.GetAsync(connection, EstimatedCostPath,
        [
            KeyValuePair.Create("start_date", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            KeyValuePair.Create("end_date", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ], meter, cancellationToken, maxWait: maxWait);
        return DatadogResponses.ParseEstimatedCost(root);
    }
}
