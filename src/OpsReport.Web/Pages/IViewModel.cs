using OpsReport.Core.Panels;

namespace OpsReport.Web.Pages;

/// <summary>What every view's page model offers the shared parts: the frame, the panels, and where its JSON and CSV live.</summary>
public interface IViewModel
{
    PageContext Page { get; }

    IReadOnlyList<ViewPanel> Panels { get; }

    /// <summary>The view's JSON endpoint with the same parameters, e.g. <c>/api/latency?env=prod&amp;range=7d</c>.</summary>
    string ApiUrl { get; }

    /// <summary>What <see cref="ApiUrl"/> returns: the view's numbers (not its words).</summary>
    object Json { get; }

    /// <summary>CSV downloads beyond the panels' tables and charts, by name (<c>/api/…/{name}.csv</c>): data the JSON only links to.</summary>
    IReadOnlyDictionary<string, Func<PanelTable>> Downloads => new Dictionary<string, Func<PanelTable>>();
}
