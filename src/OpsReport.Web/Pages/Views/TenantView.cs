using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;

namespace OpsReport.Web.Pages.Views;

/// <summary>Builds <c>/tenants</c> and <c>/tenants/{id}</c> from the store.</summary>
public sealed class TenantView(PageFrames frames, TenantQuery query, OpsReport.Core.Slos.ISloReader slos)
{
    public async Task<TenantsModel> ListAsync(ViewArgs args, CancellationToken ct)
    {
        var page = await frames.CreateAsync(args, "/tenants", ct);
        var periods = args.Request.Range.Periods(frames.Now, frames.Calendar, args.Language);
        var list = await query.ListAsync(page.Environment.Name, periods, ct);
        var table = new PanelTable([page.T("common.tenant"), page.T("common.requests"), page.T("tenants.paths"), page.T("tenants.worstPath"), "p95", page.T("common.vsOthers")],
            list.Select(t => (IReadOnlyList<PanelCell>)
            [
                Cells.Text(t.Name), Cells.Value(t.Requests, "count"), new PanelCell(t.Paths.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Paths),
                t.WorstPath is null ? PanelCell.Missing : Cells.Text(t.WorstPath), Cells.Value(t.WorstP95, "ms"), Cells.Ratio(t.WorstVsOthers),
            ]).ToList());
        var panel = new ViewPanel("tenants", page.T("tenants.title"), page.F("tenants.subtitle", periods.CurrentLabel), null, table, list.Count == 0 ? [page.T("common.noData")] : [])
        {
            OpenTable = true,
            RowLinks = list.Select(t => (string?)page.Href("/tenants/" + Uri.EscapeDataString(t.Id))).ToList(),
        };
        return new TenantsModel(page, periods, list, [panel], "/api/tenants" + page.Link()[page.Path.Length..]);
    }

    public async Task<TenantModel> BuildAsync(ViewArgs args, CancellationToken ct)
    {
        var id = args.RouteValue("id");
        var env = args.Request.Environment.Name;
        var periods = args.Request.Range.Periods(frames.Now, frames.Calendar, args.Language);
        var detail = await query.BuildAsync(env, id, periods, frames.Now, ct)
            ?? throw new ViewNotFoundException($"No tenant '{id}' in {env}. The tenants of {env} are listed at /tenants?env={env}.");
        var page = await frames.CreateAsync(args, "/tenants/" + Uri.EscapeDataString(id), ct);
        detail = detail with { Findings = frames.Localize(detail.Findings, page.Language) };
        var pdf = $"/reports/weekly.pdf?env={Uri.EscapeDataString(env)}&tenant={Uri.EscapeDataString(id)}&lang={page.Language}";

        var panels = new List<ViewPanel>();
        var rows = detail.Paths.Select(p => (IReadOnlyList<PanelCell>)
        [
            Cells.Text(p.Path), Cells.Value(p.P95, "ms"), Cells.Value(p.OthersP95, "ms"), Cells.Ratio(p.VsOthers),
            Cells.Value(p.P95Previous, "ms"), Cells.Change(p.P95, p.P95Previous, threshold: 20), Cells.Value(p.P99, "ms"), Cells.Value(p.Requests, "count"), Cells.Value(p.Errors, "count"),
        ]).ToList();
        panels.Add(new ViewPanel("paths", page.T("tenant.perPath"), page.F("common.versus", periods.CurrentLabel, periods.PreviousLabel), null,
            new PanelTable([page.T("common.path"), page.T("tenant.tenantP95"), page.T("latency.othersMedian"), page.T("common.vsOthers"),
                page.F("latency.previous", periods.PreviousLabel), page.T("common.change"), "p99", page.T("common.requests"), page.T("common.errors")], rows),
            detail.Paths.Count == 0 ? [page.T("common.noData")] : [])
        {
            OpenTable = true,
            Wide = true,
            RowLinks = detail.Paths.Select(p => (string?)page.Href("/latency", ("path", p.Path))).ToList(),
        });

        var i = 0;
        foreach (var t in detail.Trends)
        {
            var chart = new ChartBuilder(page.Calendar, page.F("tenant.trend", t.Path), "ms", detail.TrendWindow, Resolution.Day) { Language = page.Language }
                .Add(detail.Name, t.Tenant, TenantComparison.SubjectColour)
                .Add(page.T("latency.otherTenants"), t.OtherTenants, TenantComparison.ComparisonColour);
            panels.Add(new ViewPanel("trend-" + (++i).ToString(System.Globalization.CultureInfo.InvariantCulture), page.F("tenant.trend", t.Path), page.T("tenant.trendSubtitle"), chart.Build(), null, []));
        }
        var requests = new ChartBuilder(page.Calendar, page.T("tenant.dailyRequests"), "count", detail.TrendWindow, Resolution.Day) { Language = page.Language }.Add(page.T("common.requests"), detail.DailyRequests, 2);
        panels.Add(new ViewPanel("requests", page.T("tenant.dailyRequests"), null, requests.Build(), null, []));
        panels.Add(new ViewPanel("findings", page.T("tenant.findings"), null, null,
            new PanelTable([page.T("incident.severity"), page.T("coverage.state"), page.T("incident.summary"), page.T("incident.onset")],
                detail.Findings.Select(f => (IReadOnlyList<PanelCell>)[Cells.Text(page.T("common.severity." + f.Severity)), Cells.Text(page.T(f.State == FindingState.Open ? "common.open" : "common.resolved")),
                    Cells.Text(f.Summary), Cells.Text(page.LocalTime(f.Start))]).ToList()), []));
        if (SloPanels.ForTenant(await slos.ReadAsync(env, frames.Now, id, ct), page, detail.Name) is { } sloPanel)
            panels.Insert(0, sloPanel);
        return new TenantModel(page, detail, pdf, panels, "/api/tenants/" + Uri.EscapeDataString(id) + page.Link()[page.Path.Length..]);
    }
}
