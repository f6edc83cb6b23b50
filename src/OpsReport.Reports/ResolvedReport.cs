using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Time;

namespace OpsReport.Reports;

/// <summary>A <see cref="ReportRequest"/> with every default filled in and every name checked.</summary>
/// <param name="Calendar">The report's zone (the definition's <c>time_zone</c>, else <c>OpsReport:TimeZone</c>).</param>
public sealed record ResolvedReport(
    DashboardDefinition Definition,
    EnvironmentInfo Environment,
    ReportPeriod Period,
    string? Tenant,
    string Language,
    ZoneCalendar Calendar,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc)
{
    public string Report => Definition.Name;

    /// <summary>e.g. <c>weekly prod 2026-W47 sakura-logistics</c>, for messages.</summary>
    public string Describe() => $"{Report} {Environment.Name} {Period.Name}" + (Tenant is { } t ? " " + t : "");
}
