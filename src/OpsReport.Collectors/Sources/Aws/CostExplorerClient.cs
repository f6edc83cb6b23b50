using System.Globalization;
using System.Text.Json.Nodes;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>Cost Explorer <c>GetCostAndUsage</c> over JSON 1.1, signed for us-east-1 (a global service), following <c>NextPageToken</c>.</summary>
public sealed class CostExplorerClient(AwsApiClient api)
{
    public const string UnblendedCost = "UnblendedCost";

    /// <summary>Daily unblended cost over [start, end) UTC dates, grouped by at most two dimensions, optionally filtered to one linked account.</summary>
    public async Task<IReadOnlyList<CostResultByTime>> GetDailyCostAsync(DateOnly start, DateOnly end, IReadOnlyList<string> groupBy, string? linkedAccount, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        if (groupBy.Count > 2)
            throw new ArgumentException("Cost Explorer groups by at most two dimensions.", nameof(groupBy));
        var results = new List<CostResultByTime>();
        string? token = null;
        do
        {
            var request = new JsonObject
            {
                ["TimePeriod"] = new JsonObject { ["Start"] = Date(start), ["End"] = Date(end) },
                ["Granularity"] = "DAILY",
                ["Metrics"] = new JsonArray(UnblendedCost),
            };
            if (groupBy.Count > 0)
                request["GroupBy"] = new JsonArray(groupBy.Select(key => (JsonNode)new JsonObject { ["Type"] = "DIMENSION", ["Key"] = key }).ToArray());
            if (linkedAccount is not null)
                request["Filter"] = new JsonObject { ["Dimensions"] = new JsonObject { ["Key"] = "LINKED_ACCOUNT", ["Values"] = new JsonArray(linkedAccount) } };
            if (token is not null)
                request["NextPageToken"] = token;
            var response = await api.CallAsync(AwsService.CostExplorer, "GetCostAndUsage", request, meter, cancellationToken);
            meter.AddBilled(usd: AwsPricing.PerCostExplorerRequest);
            foreach (var item in Json.Array(response, "ResultsByTime"))
            {
                var period = item.TryGetProperty("TimePeriod", out var p) ? p : default;
                if (!DateOnly.TryParseExact(Json.String(period, "Start"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    continue;
                var groups = new List<CostGroup>();
                foreach (var group in Json.Array(item, "Groups"))
                {
                    var keys = Json.Array(group, "Keys").Select(k => k.GetString() ?? "").ToList();
                    var metric = group.TryGetProperty("Metrics", out var m) && m.TryGetProperty(UnblendedCost, out var cost) ? cost : default;
                    // Amounts are decimal strings ("12.3400000000"); never parse them with the machine's culture.
                    if (decimal.TryParse(Json.String(metric, "Amount"), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
                        groups.Add(new CostGroup(keys, amount, Json.String(metric, "Unit") ?? "USD"));
                }
                results.Add(new CostResultByTime(day, Json.Bool(item, "Estimated") ?? false, groups));
            }
            token = Json.String(response, "NextPageToken");
        }
        while (token is not null);
        return results;
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One day of Cost Explorer results; <paramref name="Estimated"/> days are still revised by AWS.</summary>
public sealed record CostResultByTime(DateOnly Day, bool Estimated, IReadOnlyList<CostGroup> Groups);

/// <summary>A group's keys (in GroupBy order) and its amount.</summary>
public sealed record CostGroup(IReadOnlyList<string> Keys, decimal Amount, string Unit);
