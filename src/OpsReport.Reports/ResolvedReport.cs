using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;

namespace OpsReport.Reports;

/// <summary>A <see cref="ReportRequest"/> with every default filled in and every name checked.</summary>
public sealed record ResolvedReport(DashboardDefinition Definition, EnvironmentInfo Environment, ReportPeriod Period, string? Tenant, string Language)
{
    public string Report => Definition.Name;
}
