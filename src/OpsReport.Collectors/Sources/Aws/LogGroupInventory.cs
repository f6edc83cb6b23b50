using System.Text.Json;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// The latest DescribeLogGroups snapshot of an environment (retention, stored bytes, class), kept in the store for the
/// coverage page and cost findings (e.g. "log groups that never expire"); written by the <c>logs</c> source.
/// </summary>
public sealed record LogGroupInventory(string Environment, DateTimeOffset CollectedAt, IReadOnlyList<LogGroupInfo> LogGroups)
{
    public static string SettingName(string environment) => "aws.log_groups." + environment;

    /// <summary>Log groups without a retention setting: their storage grows forever.</summary>
    public IEnumerable<LogGroupInfo> NeverExpiring => LogGroups.Where(g => g.RetentionDays is null);

    /// <summary>The stored snapshot, or null before the logs source first ran for the environment.</summary>
    public static async Task<LogGroupInventory?> ReadAsync(IMetricStore store, string environment, CancellationToken cancellationToken = default)
    {
        var json = await store.GetSettingAsync(SettingName(environment), cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<LogGroupInventory>(json);
    }

    internal Task SaveAsync(IMetricStore store, CancellationToken cancellationToken) =>
        store.SetSettingAsync(SettingName(Environment), JsonSerializer.Serialize(this), cancellationToken);
}
