using OpsReport.Core.Panels;
using OpsReport.Web.Api;

namespace OpsReport.Web.Pages.Views;

/// <summary>
/// The incident view's model: the window, the numbers (<see cref="IncidentData"/>), the answer in four lines (what, who,
/// since when, compared with last week), the plain-text summary for the incident channel and one shareable URL.
/// </summary>
public sealed record IncidentModel(
    PageContext Page,
    IncidentData Data,
    string From,
    string To,
    string ShareUrl,
    IncidentVerdict Verdict,
    string Summary,
    IReadOnlyList<(string Label, string Href, bool Active)> QuickPicks,
    IReadOnlyList<ViewPanel> Panels,
    string ApiUrl) : IViewModel
{
    public object Json => new
    {
        environment = Data.Environment,
        zone = Page.Calendar.ZoneId,
        window = Data.Window,
        lastWeek = Data.LastWeek,
        step = Data.Step.ToString(),
        since = Data.Since,
        verdict = Verdict,
        summary = Summary,
        shareUrl = ShareUrl,
        paths = Data.Paths,
        tenants = Data.Tenants,
        requests = Data.Requests,
        errors = Data.Errors,
        memory = Data.Memory,
        logs = Data.Logs,
        findings = Data.Findings.Select(FindingJson.From),
        gaps = Data.Gaps,
        deploys = Data.Deploys,
    };
}

/// <summary>The answer in four lines, as the page shows it and the summary repeats it. Null parts are "nothing to say".</summary>
public sealed record IncidentVerdict(string? What, string? Who, string? Since, IReadOnlyList<string> AlsoMoved, bool Calm);
