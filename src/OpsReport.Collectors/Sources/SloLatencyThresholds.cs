using OpsReport.Core.Slos;

namespace OpsReport.Collectors.Sources;

/// <summary>
/// The latency thresholds the sources count requests under (<c>requests.within{le_ms=…}</c>): one per distinct threshold of
/// the latency SLOs of an environment. Read on each collection, so definitions loaded later (or changed) are counted from
/// the next window on. Without SLO definitions there is nothing to count and the queries stay as they were.
/// </summary>
public sealed class SloLatencyThresholds(Func<IReadOnlyList<SloDefinition>> definitions)
{
    public static SloLatencyThresholds None { get; } = new(() => []);

    public static SloLatencyThresholds Of(params SloDefinition[] definitions) => new(() => definitions);

    /// <summary>The distinct thresholds of the environment's latency SLOs in whole milliseconds (<see cref="SloThresholdDimension"/>), ascending.</summary>
    public IReadOnlyList<long> For(string environment) =>
        [.. definitions()
            .Where(d => d.Sli == SliKind.Latency && d.Threshold is not null && string.Equals(d.Environment, environment, StringComparison.OrdinalIgnoreCase))
            .Select(d => SloThresholdDimension.WholeMilliseconds(d.Threshold!.Value))
            .Where(ms => ms > 0)
            .Distinct()
            .Order()];
}
