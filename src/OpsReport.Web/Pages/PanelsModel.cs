namespace OpsReport.Web.Pages;

/// <summary>A view that is a title, a line of headline facts and a list of panels (memory, logs, cost, coverage).</summary>
public sealed record PanelsModel(PageContext Page, string Title, string? Subtitle, IReadOnlyList<string> Facts, IReadOnlyList<ViewPanel> Panels, string ApiUrl, object Json) : IViewModel;
