namespace OpsReport.Core.Charts;

/// <summary>
/// A shaded range between a lower and an upper value at each slot of the chart's grid, such as a log group's usual volume
/// for that hour of the week. A null bound is a gap in the band, like a gap in a series.
/// </summary>
public sealed record ChartBand(string Name, int ColorIndex, IReadOnlyList<ChartBandPoint> Points);

/// <summary>One slot of a <see cref="ChartBand"/>.</summary>
public sealed record ChartBandPoint(DateTimeOffset X, double? Low, double? High);
