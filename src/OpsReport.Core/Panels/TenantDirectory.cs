using System.Text.Json;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Panels;

/// <summary>
/// Display names of tenants (series carry tenant ids). Sources publish them with <see cref="PublishAsync"/>;
/// surfaces read them here, so a page never asks a source.
/// </summary>
public sealed class TenantDirectory(IMetricStore store)
{
    public static string SettingName(string environment) => "tenants." + environment;

    public async Task<IReadOnlyDictionary<string, string>> GetNamesAsync(string environment, CancellationToken cancellationToken = default)
    {
        var json = await store.GetSettingAsync(SettingName(environment), cancellationToken);
        return json is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize(json, StoreJson.Default.DictionaryStringString) ?? [];
    }

    /// <summary>Merges names into the environment's directory (a known id takes the newest name).</summary>
    public static async Task PublishAsync(IMetricStore store, string environment, IReadOnlyDictionary<string, string> names, CancellationToken cancellationToken = default)
    {
        var existing = await store.GetSettingAsync(SettingName(environment), cancellationToken);
        var merged = existing is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize(existing, StoreJson.Default.DictionaryStringString) ?? [];
        foreach (var (id, name) in names)
            merged[id] = name;
        await store.SetSettingAsync(SettingName(environment), JsonSerializer.Serialize(merged, StoreJson.Default.DictionaryStringString), cancellationToken);
    }
}
