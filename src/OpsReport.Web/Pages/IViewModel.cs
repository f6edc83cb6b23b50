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
}
