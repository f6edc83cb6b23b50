namespace OpsReport.Core.Panels;

/// <summary>
/// The latency explorer's path × tenant matrix for one period: p95 and request count of every (path, tenant), the top
/// tenants by traffic as columns and the rest folded into one "other" column.
/// </summary>
public sealed record LatencyMatrix(
    ComparisonPeriods Periods,
    IReadOnlyList<MatrixTenant> Tenants,
    IReadOnlyList<MatrixPath> Paths,
    int TotalTenants,
    int TotalPaths,
    MatrixFold? OtherPaths,
    string? Search);

/// <summary>A tenant column; <see cref="IsOther"/> marks the column of the <see cref="Folded"/> tenants beyond the top N.</summary>
public sealed record MatrixTenant(string Id, string Name, double Requests, bool IsOther, int Folded);

/// <summary>
/// A path row: the all-tenant p95 of the period and the period before, its p99 and requests, and one cell per tenant column.
/// </summary>
public sealed record MatrixPath(string Path, double? P95, double? P95Previous, double? P99, double? Requests, IReadOnlyList<MatrixCell> Cells);

/// <summary>
/// One (path, tenant) cell. <see cref="VsOthers"/> is the tenant's p95 over the lower median p95 of the other tenants on the
/// path (the heat colour). In the "other" column <see cref="P95"/> is the worst p95 of the folded tenants, never a blend.
/// </summary>
public sealed record MatrixCell(string TenantId, double? P95, double? Requests, double? VsOthers);

/// <summary>Rows or columns beyond the limit, folded into one: how many and their requests.</summary>
public sealed record MatrixFold(int Count, double Requests);
