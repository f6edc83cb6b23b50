using System.Globalization;
using System.Text.Json;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// Deploys from Datadog events (stream <c>deploys</c>, when <c>DeployEventQuery</c> is set): <c>GET /api/v2/events</c>
/// with <c>filter[query]</c> = the configured query and the env tag, <c>filter[from]</c>/<c>filter[to]</c> in epoch ms,
/// oldest first, following <c>meta.page.after</c>. The service comes from the <c>service:</c> tag (else the event's
/// service attribute), the version from the <c>version:</c> tag (else the title), the time from the event's timestamp.
/// Needs the <c>events_read</c> permission.
/// </summary>
internal sealed class DatadogDeployCollector(DatadogApiClient client, IDeployStore? deploys)
{
    public const string EventsPath = "api/v2/events";

    /// <summary>Events per page: the API's maximum, so a busy week is a request or two.</summary>
    public const int PageLimit = 1000;

    // A week of deploys in any real organisation fits in far fewer pages; the bound keeps a wrong query from looping.
    private const int MaxPages = 20;

    public async Task<SourceBatch> CollectAsync(DatadogConnection connection, TimeWindow fetch, CancellationToken cancellationToken)
    {
        var meter = new DatadogUsageMeter();
        var query = $"{connection.Options.DeployEventQuery} env:{connection.EnvTag}";
        var found = new List<Deploy>();
        var skipped = 0;
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var parameters = new List<KeyValuePair<string, string>>
            {
                KeyValuePair.Create("filter[query]", query),
                KeyValuePair.Create("filter[from]", fetch.Start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
                KeyValuePair.Create("filter[to]", fetch.End.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
                KeyValuePair.Create("sort", "timestamp"),
                KeyValuePair.Create("page[limit]", PageLimit.ToString(CultureInfo.InvariantCulture)),
            };
            if (cursor is not null)
                parameters.Add(KeyValuePair.Create("page[cursor]", cursor));
            var root = await client.GetAsync(connection, EventsPath, parameters, meter, cancellationToken);
            foreach (var e in Array(root, "data"))
            {
                if (Parse(connection.Environment, e) is { } deploy && fetch.Contains(deploy.At))
                    found.Add(deploy);
                else
                    skipped++;
            }
            cursor = root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("page", out var p)
                ? Text(p, "after")
                : null;
            if (string.IsNullOrEmpty(cursor))
                break;
        }
        if (deploys is not null)
            await deploys.UpsertAsync(found, cancellationToken);
        var warnings = skipped > 0 && found.Count == 0
            ? [$"{skipped} event(s) matching '{query}' in {fetch} had no service tag or time; tag deploy events with service:NAME and version:VERSION"]
            : new List<string>();
        return new SourceBatch([], meter.Usage, warnings);
    }

    /// <summary>One event of <c>data[]</c> as a deploy, or null when it names no service or time.</summary>
    internal static Deploy? Parse(string environment, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("attributes", out var outer) || outer.ValueKind != JsonValueKind.Object)
            return null;
        var inner = outer.TryGetProperty("attributes", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var tags = Array(outer, "tags").Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : "").ToList();
        string? Tag(string key) => tags.Where(t => t.StartsWith(key + ":", StringComparison.Ordinal)).Select(t => t[(key.Length + 1)..]).FirstOrDefault(v => v.Length > 0);

        var service = Tag("service") ?? Text(inner, "service");
        var version = Tag("version") ?? Text(inner, "title") ?? Text(outer, "message");
        DateTimeOffset? at = null;
        // The outer timestamp is ISO 8601; the inner one epoch milliseconds.
        if (Text(outer, "timestamp") is { } iso && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            at = parsed;
        else if (inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("timestamp", out var ms) && ms.ValueKind == JsonValueKind.Number)
            at = DateTimeOffset.FromUnixTimeMilliseconds((long)ms.GetDouble());
        if (string.IsNullOrWhiteSpace(service) || string.IsNullOrWhiteSpace(version) || at is null)
            return null;
        var line = version.ReplaceLineEndings(" ").Trim();
        return new Deploy(environment, service.Trim(), line.Length > 128 ? line[..128] : line, DateTimeOffset.FromUnixTimeSeconds(at.Value.ToUnixTimeSeconds()), Deploy.SourceDatadog);
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
