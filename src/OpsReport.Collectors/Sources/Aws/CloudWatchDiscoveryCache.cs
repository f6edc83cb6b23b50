using System.Globalization;
using System.Text.Json;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// What ListMetrics found per environment and resolution, kept in memory and in a store setting so a later pass (a new
/// <c>collect</c> process included) within the TTL lists nothing again. Keyed also by the configured namespaces, so a
/// changed configuration discovers afresh.
/// </summary>
internal sealed class CloudWatchDiscoveryCache(IMetricStore store, TimeProvider time, TimeSpan ttl)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _memory = new(StringComparer.Ordinal);

    public static string SettingName(string environment, Resolution resolution) => $"cloudwatch.discovery.{environment}.{resolution}";

    /// <summary>The metrics listed within the TTL for exactly these namespaces, or null.</summary>
    public async Task<IReadOnlyList<CloudWatchMetric>?> GetAsync(string environment, Resolution resolution, IReadOnlyList<string> namespaces, CancellationToken cancellationToken)
    {
        var name = SettingName(environment, resolution);
        Entry? entry;
        lock (_gate)
            _memory.TryGetValue(name, out entry);
        if (entry is null && await store.GetSettingAsync(name, cancellationToken) is { } json)
        {
            try
            {
                entry = JsonSerializer.Deserialize<Entry>(json);
            }
            catch (JsonException)
            {
                // A setting written by another version: discover again and overwrite it.
                entry = null;
            }
        }
        if (entry is null || entry.Namespaces != Key(namespaces))
            return null;
        var age = time.GetUtcNow() - DateTimeOffset.Parse(entry.ListedAt, CultureInfo.InvariantCulture);
        if (age < TimeSpan.Zero || age >= ttl)
            return null;
        lock (_gate)
            _memory[name] = entry;
        return entry.Metrics.Select(m => new CloudWatchMetric(m.Namespace, m.Name, m.Dimensions.Select(d => new CloudWatchDimension(d[0], d[1])).ToList())).ToList();
    }

    public async Task SaveAsync(string environment, Resolution resolution, IReadOnlyList<string> namespaces, IReadOnlyList<CloudWatchMetric> metrics, CancellationToken cancellationToken)
    {
        var entry = new Entry(time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), Key(namespaces),
            [.. metrics.Select(m => new ListedMetric(m.Namespace, m.MetricName, [.. m.Dimensions.Select(d => new[] { d.Name, d.Value })]))]);
        var name = SettingName(environment, resolution);
        lock (_gate)
            _memory[name] = entry;
        await store.SetSettingAsync(name, JsonSerializer.Serialize(entry), cancellationToken);
    }

    private static string Key(IReadOnlyList<string> namespaces) => string.Join(",", namespaces.Order(StringComparer.Ordinal));

    private sealed record Entry(string ListedAt, string Namespaces, List<ListedMetric> Metrics);

    private sealed record ListedMetric(string Namespace, string Name, List<string[]> Dimensions);
}
