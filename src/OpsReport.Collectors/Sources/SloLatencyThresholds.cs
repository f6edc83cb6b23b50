using System.Globalization;
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

    /// <summary>The distinct thresholds of the environment's latency SLOs in whole milliseconds, ascending.</summary>
    public IReadOnlyList<long> For(string environment) =>
        [.. definitions()
            .Where(d => d.Sli == SliKind.Latency && d.Threshold is not null && string.Equals(d.Environment, environment, StringComparison.OrdinalIgnoreCase))
            .Select(d => WholeMilliseconds(d.Threshold!.Value))
            .Where(ms => ms > 0)
            .Distinct()
            .Order()];

    /// <summary>
    /// A threshold as the <c>le_ms</c> dimension counts it: whole milliseconds, rounded half away from zero. The SLO
    /// evaluator must look its counts up with the same rounding.
    /// </summary>
    public static long WholeMilliseconds(TimeSpan threshold) => (long)Math.Round(threshold.TotalMilliseconds, MidpointRounding.AwayFromZero);

    /// <summary>The <c>le_ms</c> dimension value (invariant culture).</summary>
    public static string Dimension(long milliseconds) => milliseconds.ToString(CultureInfo.InvariantCulture);
}
