using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Text;
using OpsReport.Core.Time;

namespace OpsReport.Web.Pages;

/// <summary>Builds what the overview page and its JSON/CSV API show, from the store only (never from a source).</summary>
public sealed class OverviewService(
    IMetricStore store,
    DashboardCatalog dashboards,
    DashboardComposer composer,
    EnvironmentCatalog environments,
    ZoneCalendar calendar,
    TimeProvider clock,
    IOptions<OpsReportOptions> options,
    FeedSchedule feeds,
    OpsReport.Web.Hosting.ViewDataCache cache)
{
    public const string StandupDashboard = "standup";

    public async Task<OverviewModel> BuildAsync(ViewRequest request, string path, CancellationToken ct, string language = "en")
    {
        var now = clock.GetUtcNow();
        var definition = dashboards.Get(StandupDashboard);
        var dashboard = await DashboardAsync(request.Environment, request.Range, language, now, ct);
        var findings = (await store.GetFindingsAsync(request.Environment.Name, FindingState.Open, ct))
            .OrderByDescending(f => f.Severity).ThenByDescending(f => f.Start).ToList();
        var feedStates = await feeds.ForAsync(request.Environment.Name, now, ct);
        var page = new PageContext(options.Value.Product, request.Environment, environments.All, request.Range, calendar, now,
            FeedSchedule.CollectedUntil(feedStates), path)
        {
            Feeds = feedStates,
        };
        // A title written in the definition is in the definition's language; a page in another language uses its own words.
        var title = (definition.Language ?? TextCatalog.English) == language ? definition.Title : TextCatalog.Get(language, "overview.title");
        return new OverviewModel(page, findings, dashboard, title);
    }

    /// <summary>The overview's panels, shared by the page, /api/overview, /api/panels and their CSVs until the store changes.</summary>
    public Task<DashboardData> DashboardAsync(EnvironmentInfo environment, OverviewRange range, string language, DateTimeOffset now, CancellationToken ct)
    {
        var periods = range.Periods(now, calendar, language);
        // A chart plots exactly the periods its subtitle names: yesterday, or this week so far, each against the week
        // before (the overlay); only the 30-day range keeps its rolling window.
        var chartWindow = range == OverviewRange.Month ? range.ChartWindow(now) : periods.Current;
        return cache.GetOrBuildAsync($"overview|{environment.Name}|{range}|{language}",
            c => composer.ComposeAsync(dashboards.Get(StandupDashboard), environment, periods, chartWindow, range.ChartStep(), c, language), ct);
    }
}
