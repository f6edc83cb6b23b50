using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>
/// What customer success opens before a call: one tenant's latency per path against the other tenants,
/// its 30-day daily trend on its busiest paths, and the findings that mention it.
/// </summary>
public sealed record TenantDetail(
    string Id,
    string Name,
    ComparisonPeriods Periods,
    IReadOnlyList<TenantPath> Paths,
    TimeWindow TrendWindow,
    IReadOnlyList<TenantTrend> Trends,
    IReadOnlyList<Point> DailyRequests,
    IReadOnlyList<Finding> Findings);

/// <summary>
/// The tenant on one path in the period: its p95 (and before) against the lower median p95 of the other tenants with
/// enough requests (<see cref="TenantComparison"/>).
/// </summary>
public sealed record TenantPath(string Path, double? P95, double? P95Previous, double? P99, double? OthersP95, double? VsOthers,
    double? Requests, double? RequestsPrevious, double? Errors);

/// <summary>Daily p95 of the tenant on a path and, day by day, the lower median daily p95 of the other tenants on it (day rollups).</summary>
public sealed record TenantTrend(string Path, IReadOnlyList<Point> Tenant, IReadOnlyList<Point> OtherTenants);

/// <summary>A tenant in the tenant list: traffic in the period and where it stands worst against the others.</summary>
public sealed record TenantSummary(string Id, string Name, double? Requests, int Paths, string? WorstPath, double? WorstVsOthers, double? WorstP95);
