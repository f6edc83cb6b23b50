using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>Memory per service over a window: levels, the trend, and when it would reach the threshold.</summary>
public sealed record MemoryOverview(TimeWindow Window, DateTimeOffset AsOf, double ThresholdPercent, IReadOnlyList<MemoryService> Services);

/// <summary>Where a memory trend comes from.</summary>
public enum MemoryTrendSource
{
    /// <summary>Not rising (or too little data): no projection.</summary>
    None,

    /// <summary>The open memory finding's restart-aware slope (growth between restarts, which restarts hide).</summary>
    Finding,

    /// <summary>Theil–Sen slope of the daily peaks in the window.</summary>
    DailyPeaks,
}

/// <summary>
/// One service: latest and peak utilization (and last week's peak), the trend line as a start point and a slope per day,
/// and the projected time the line reaches the threshold (null when it does not within a year).
/// </summary>
public sealed record MemoryService(
    string Service,
    double? Latest,
    double? Peak,
    double? PeakLastWeek,
    MemoryTrendSource TrendSource,
    double? SlopePerDay,
    DateTimeOffset TrendStart,
    double? TrendStartValue,
    DateTimeOffset? ProjectedAt,
    IReadOnlyList<Point> Hourly,
    IReadOnlyList<Point> LastWeek,
    Finding? Finding);
