using System.Text.Json;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Retention of each log group (days, or null for "never expire"), published by the sources that list log groups
/// (CloudWatch <c>DescribeLogGroups</c>) and read by the coverage findings; like the tenant directory, a store setting.
/// </summary>
public static class LogRetentionDirectory
{
    public static string SettingName(string environment) => "log_retention." + environment;

    public static async Task<IReadOnlyDictionary<string, int?>> GetAsync(IMetricStore store, string environment, CancellationToken cancellationToken = default)
    {
        var json = await store.GetSettingAsync(SettingName(environment), cancellationToken);
        return json is null ? new Dictionary<string, int?>() : JsonSerializer.Deserialize(json, StoreJson.Default.DictionaryStringNullableInt32) ?? [];
    }

    /// <summary>Replaces the environment's list (log groups that were deleted disappear from it).</summary>
    public static Task PublishAsync(IMetricStore store, string environment, IReadOnlyDictionary<string, int?> retentionDays, CancellationToken cancellationToken = default) =>
        store.SetSettingAsync(SettingName(environment), JsonSerializer.Serialize(retentionDays, StoreJson.Default.IReadOnlyDictionaryStringNullableInt32), cancellationToken);
}
