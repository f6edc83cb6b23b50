using OpsReport.Core.Panels;

namespace OpsReport.Core.Dashboards;

/// <summary>A dashboard or report definition from <c>dashboards/*.yaml</c>: which panels, in which order, for which environments.</summary>
public sealed record DashboardDefinition(
    string Name,
    string Title,
    string SourceFile,
    IReadOnlyList<string> Environments,
    string? Language,
    IReadOnlyList<PanelDefinition> Panels);

/// <summary>One panel entry: its kind, an optional title and how many rows to show.</summary>
public sealed record PanelDefinition(PanelKind Kind, string? Title, int Top);
