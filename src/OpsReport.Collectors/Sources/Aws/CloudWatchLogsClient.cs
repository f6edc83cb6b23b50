using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>CloudWatch Logs over JSON 1.1: <c>DescribeLogGroups</c> (paged) and the Logs Insights query calls.</summary>
public sealed class CloudWatchLogsClient(AwsApiClient api)
{
    /// <summary>DescribeLogGroups returns at most 50 groups per page.</summary>
    public const int MaxGroupsPerPage = 50;

    /// <summary>A Logs Insights query returns at most 10,000 rows.</summary>
    public const int MaxQueryRows = 10_000;

    public AwsApiClient Api => api;

    /// <summary>Every log group (or those starting with the prefix), following <c>nextToken</c>.</summary>
    public async Task<IReadOnlyList<LogGroupInfo>> DescribeLogGroupsAsync(string? prefix, AwsUsageMeter meter, CancellationToken cancellationToken, int maxPages = int.MaxValue, int limit = MaxGroupsPerPage)
    {
        var groups = new List<LogGroupInfo>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = new JsonObject { ["limit"] = limit };
            if (prefix is not null)
                request["logGroupNamePrefix"] = prefix;
            if (token is not null)
                request["nextToken"] = token;
            var response = await api.CallAsync(AwsService.Logs, "DescribeLogGroups", request, meter, cancellationToken);
            foreach (var g in Json.Array(response, "logGroups"))
            {
                groups.Add(new LogGroupInfo(
                    Json.String(g, "logGroupName") ?? "",
                    Json.Long(g, "creationTime") is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
                    (int?)Json.Long(g, "retentionInDays"),
                    Json.Long(g, "storedBytes"),
                    Json.String(g, "logGroupClass") ?? "STANDARD",
                    (int?)Json.Long(g, "metricFilterCount") ?? 0));
            }
            token = Json.String(response, "nextToken");
            pages++;
        }
        while (token is not null && pages < maxPages);
        return groups;
    }

    /// <summary>Starts an Insights query; start and end are epoch seconds on the wire.</summary>
    public async Task<string> StartQueryAsync(IReadOnlyList<string> logGroups, DateTimeOffset start, DateTimeOffset end, string query, int limit, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["logGroupNames"] = new JsonArray(logGroups.Select(g => (JsonNode)JsonValue.Create(g)).ToArray()),
            ["startTime"] = start.ToUnixTimeSeconds(),
            // endTime is inclusive: stop one second before the window's end so adjacent windows never share an event.
            ["endTime"] = end.ToUnixTimeSeconds() - 1,
            ["queryString"] = query,
            ["limit"] = limit,
        };
        var response = await api.CallAsync(AwsService.Logs, "StartQuery", request, meter, cancellationToken);
        return Json.String(response, "queryId") ?? throw new AwsServiceException(api.Connection.Environment, "logs:StartQuery", System.Net.HttpStatusCode.OK, "InvalidResponse", "no queryId in the response");
    }

    public async Task<InsightsQueryResults> GetQueryResultsAsync(string queryId, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var response = await api.CallAsync(AwsService.Logs, "GetQueryResults", new JsonObject { ["queryId"] = queryId }, meter, cancellationToken);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var row in Json.Array(response, "results"))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var cell in row.ValueKind == JsonValueKind.Array ? row.EnumerateArray().ToList() : [])
            {
                if (Json.String(cell, "field") is { } field && field != "@ptr")
                    fields[field] = Json.String(cell, "value") ?? "";
            }
            rows.Add(fields);
        }
        var statistics = response.TryGetProperty("statistics", out var s) ? s : default;
        return new InsightsQueryResults(
            Json.String(response, "status") ?? "Unknown",
            rows,
            (long)(Json.Double(statistics, "bytesScanned") ?? 0),
            (long)(Json.Double(statistics, "recordsMatched") ?? 0),
            (long)(Json.Double(statistics, "recordsScanned") ?? 0));
    }

    /// <summary>Stops a running query; false when it had already finished.</summary>
    public async Task<bool> StopQueryAsync(string queryId, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var response = await api.CallAsync(AwsService.Logs, "StopQuery", new JsonObject { ["queryId"] = queryId }, meter, cancellationToken);
        return Json.Bool(response, "success") ?? false;
    }
}

/// <summary>
/// A log group as DescribeLogGroups lists it. <paramref name="RetentionDays"/> null means the group never expires;
/// <paramref name="StoredBytes"/> is what storage is billed on.
/// </summary>
public sealed record LogGroupInfo(string Name, DateTimeOffset? Created, int? RetentionDays, long? StoredBytes, string LogGroupClass, int MetricFilterCount);

/// <summary>One poll of a Logs Insights query: its status, rows (field → value, all strings) and what it scanned so far.</summary>
public sealed record InsightsQueryResults(string Status, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows, long BytesScanned, long RecordsMatched, long RecordsScanned);
