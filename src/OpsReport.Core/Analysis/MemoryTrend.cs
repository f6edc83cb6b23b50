namespace OpsReport.Core.Analysis;

/// <summary>Memory utilization (percent of the limit) of one service, host or function.</summary>
public sealed record MemoryTrendInput(string Subject, IReadOnlyDictionary<string, string> Dimensions, RegularSeries Utilization);

/// <summary>What the memory detector measured, leak or not (tests and the CLI print it).</summary>
/// <param name="SlopePerDay">Growth between restarts in percentage points per day (Theil–Sen over pairs inside restart segments).</param>
/// <param name="Z">Seasonal Mann–Kendall z (same hour of day, inside restart segments), or the t score of the growth restarts reveal: above 3.5 the growth is not chance.</param>
public sealed record MemoryTrend(
    double SlopePerDay,
    double Z,
    int Restarts,
    double CurrentPercent,
    double PeakPercent,
    double LongestRunHours,
    double? DaysToLimit,
    DateTimeOffset Since,
    bool SinceIsWindowStart,
    bool IsLeak);
