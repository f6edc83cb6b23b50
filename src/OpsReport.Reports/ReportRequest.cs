namespace OpsReport.Reports;

/// <summary>What a report render or send is asked for; null members take the report's, then the configuration's defaults.</summary>
/// <param name="Report">The definition name in dashboards/*.yaml, e.g. <c>weekly</c>.</param>
/// <param name="Environment">Environment name; default: the first one the definition lists, else the default environment.</param>
/// <param name="Period">ISO week (<c>2026-W47</c>), date (<c>2026-11-21</c>) or range (<c>2026-11-16..2026-11-20</c>); default: the previous complete week (or day) in the report's zone.</param>
/// <param name="Tenant">Tenant id: the per-tenant variant (that tenant's latency per path against the other tenants).</param>
/// <param name="Language"><c>en</c> or <c>ja</c>; default: the definition's, else <c>OpsReport:Language</c>.</param>
/// <param name="To">Recipients (a retry from the outbox passes the recorded ones); default: the definition's, else <c>OpsReport:Email:To</c>.</param>
/// <param name="Cc">Cc recipients; default: the definition's (only when <paramref name="To"/> is not given).</param>
public sealed record ReportRequest(
    string Report,
    string? Environment = null,
    string? Period = null,
    string? Tenant = null,
    string? Language = null,
    IReadOnlyList<string>? To = null,
    IReadOnlyList<string>? Cc = null);
