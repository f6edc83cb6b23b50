using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>
/// One path in the latency explorer: hourly p50/p95/p99 over the window and the same window a week earlier, the day
/// rollups of both weeks, and the tenants on the path ranked by their p95 in the period.
/// </summary>
public sealed record LatencyPathDetail(
    string Path,
    TimeWindow Window,
    TimeWindow LastWeek,
    IReadOnlyList<PercentileSeries> Hourly,
    IReadOnlyList<PathDay> Days,
    IReadOnlyList<PathTenant> Tenants);

/// <summary>The hourly points of one percentile in the window and in the same window a week earlier.</summary>
public sealed record PercentileSeries(int Percentile, IReadOnlyList<Point> Current, IReadOnlyList<Point> LastWeek);

/// <summary>A local day of the window with its day-rollup percentiles and the same weekday a week earlier.</summary>
public sealed record PathDay(DateTimeOffset Day, double? P50, double? P95, double? P99, double? P95LastWeek, double? Requests, double? Errors);

/// <summary>A tenant on the path: its p95 in the period and before, compared with the lower median of the other tenants.</summary>
public sealed record PathTenant(string Id, string Name, double? P95, double? P95Previous, double? P99, double? Requests, double? VsOthers);
