namespace OpsReport.Core.Dashboards;

/// <summary>The tenants a report is made for: the listed ids, or the <see cref="Top"/> tenants with the most requests.</summary>
public sealed record TenantScope(IReadOnlyList<string> Ids, int? Top);
