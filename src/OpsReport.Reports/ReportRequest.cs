namespace OpsReport.Reports;

/// <summary>What a report render or send is asked for; null members take the report's, then the configuration's defaults.</summary>
/// <param name="Report">The definition name in dashboards/*.yaml, e.g. <c>weekly</c>.</param>
/// <param name="Environment">Environment name; default: the first one the definition lists, else the default environment.</param>
/// <param name="Period">ISO week such as <c>2026-W47</c>; default: the previous complete week in the configured zone.</param>
/// <param name="Tenant">Tenant id; the slow-tenants table is restricted to it (per-tenant reports build on this).</param>
/// <param name="Language"><c>en</c> or <c>ja</c>; default: the definition's, else <c>OpsReport:Language</c>.</param>
public sealed record ReportRequest(
    string Report,
    string? Environment = null,
    string? Period = null,
    string? Tenant = null,
    string? Language = null);
