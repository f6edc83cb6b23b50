using OpsReport.Core.Charts;
using OpsReport.Core.Panels;

namespace OpsReport.Web.Pages;

/// <summary>
/// One panel of a dashboard view: title, what it compares, an optional chart, and the table of its numbers. Its
/// <see cref="Id"/> names it in the page (<c>#panel-{id}</c>) and in the API (<c>/api/{view}/{id}.csv</c>).
/// </summary>
public sealed record ViewPanel(string Id, string Title, string? Subtitle, ChartModel? Chart, PanelTable? Table, IReadOnlyList<string> Notes)
{
    /// <summary>A link for the first cell of each row (a tenant page, a path's detail), or null.</summary>
    public IReadOnlyList<string?> RowLinks { get; init; } = [];

    /// <summary>Open the numbers table by default (small tables people read as they are).</summary>
    public bool OpenTable { get; init; }

    /// <summary>Spans the whole row of the panel grid (wide tables); its chart is drawn wider to match.</summary>
    public bool Wide { get; init; }
}
