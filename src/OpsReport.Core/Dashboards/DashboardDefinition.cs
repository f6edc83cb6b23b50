using OpsReport.Core.Panels;

namespace OpsReport.Core.Dashboards;

/// <summary>
/// A dashboard or report definition from <c>dashboards/*.yaml</c>: which panels (or report sections), in which order, for
/// which environments, and for a report also who reads it, in which zone and language, when it is sent and to whom.
/// </summary>
public sealed record DashboardDefinition(
    string Name,
    string Title,
    string SourceFile,
    IReadOnlyList<string> Environments,
    string? Language,
    IReadOnlyList<PanelDefinition> Panels)
{
    /// <summary>Every entry in order: the panels plus the report-only sections (findings, coverage).</summary>
    public IReadOnlyList<SectionDefinition> Sections { get; init; } = Panels.Select(SectionDefinition.From).ToList();

    /// <summary>Who the report is for, printed on the cover (e.g. "PMs and customer success").</summary>
    public string? Audience { get; init; }

    /// <summary>One report per tenant (listed, or the top N by traffic); null for the report of the whole environment.</summary>
    public TenantScope? Tenants { get; init; }

    /// <summary>IANA zone of the report's periods and schedule; null means <c>OpsReport:TimeZone</c>.</summary>
    public string? TimeZone { get; init; }

    /// <summary>When the scheduler sends it; null means only on demand.</summary>
    public CronSchedule? Schedule { get; init; }

    /// <summary>Recipients; empty means <c>OpsReport:Email:To</c>.</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    public IReadOnlyList<string> Cc { get; init; } = [];

    /// <summary>What one report covers: the previous ISO week (default) or the previous day.</summary>
    public ReportCadence Period { get; init; } = ReportCadence.Weekly;
}

/// <summary>One panel entry: its kind, an optional title and how many rows to show.</summary>
public sealed record PanelDefinition(PanelKind Kind, string? Title, int Top);
