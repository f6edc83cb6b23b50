namespace OpsReport.Core.Domain;

/// <summary>One value of a series at the start of its period (UTC). A missing period has no point: missing is never zero.</summary>
public readonly record struct Point(DateTimeOffset Timestamp, double Value);

/// <summary>Points of one series, as written by a source or read from the store.</summary>
public sealed record SeriesPoints(SeriesKey Key, IReadOnlyList<Point> Points);
