using OpsReport.Core.Panels;

namespace OpsReport.Web.Pages.Views;

/// <summary>The latency explorer's model: the path × tenant matrix and, when a path is picked, its detail.</summary>
public sealed record LatencyModel(PageContext Page, LatencyMatrix Matrix, LatencyPathDetail? Detail, IReadOnlyList<ViewPanel> Panels, string ApiUrl,
    int Top, string? Search, string Sort, IReadOnlyList<string> Paths) : IViewModel
{
    public const string MatrixPanel = "matrix";

    public object Json => new
    {
        environment = Page.Environment.Name,
        range = Page.Range.Name(),
        zone = Page.Calendar.ZoneId,
        matrix = Matrix,
        path = Detail,
    };
}
