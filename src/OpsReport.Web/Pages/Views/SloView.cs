using System.Globalization;
using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Slos;

namespace OpsReport.Web.Pages.Views;

/// <summary>
/// Builds <c>/slos</c>: every SLO of the environment with its state, attainment against the objective, budget left,
/// the attainment and budget charts over its window, the burn rates and, for per-tenant SLOs, a table per tenant.
/// Every number is the <see cref="ISloReader"/>'s; this view formats and draws them.
/// </summary>
public sealed class SloView(PageFrames frames, ISloReader reader, TenantDirectory tenants)
{
    // Colours of the chart palette: the measured line, and the objective (a threshold) in its own.
    private const int MeasuredColour = 0;
    private const int ObjectiveColour = 3;

    public async Task<PanelsModel> BuildAsync(ViewArgs args, CancellationToken ct)
    {
        var page = await frames.CreateAsync(args, "/slos", ct, showRange: false);
        var lang = page.Language;
        var env = page.Environment.Name;
        var statuses = await reader.ReadAsync(env, frames.Now, null, ct);
        var names = statuses.Any(s => s.Tenant is not null) ? await tenants.GetNamesAsync(env, ct) : new Dictionary<string, string>();
        var overall = statuses.Where(s => s.Tenant is null).ToList();

        var panels = new List<ViewPanel>();
        if (overall.Count > 0)
        {
            panels.Add(new ViewPanel("summary", page.T("slo.page.summary"), page.F("slo.page.asOf", page.When(frames.Now)), null, SloPanels.Summary(overall, page), [])
            {
                OpenTable = true,
                Wide = true,
                RowLinks = overall.Select(s => (string?)"#panel-" + s.Definition.Name).ToList(),
            });
        }
        foreach (var s in overall)
        {
            var d = s.Definition;
            var window = new TimeWindow(s.WindowStart, s.WindowEnd);
            var step = Resolution.Hour;
            var title = SloLabels.Title(d, lang);
            var subtitle = SloLabels.Indicator(d, lang) + " · " + page.F("slo.page.objectiveOver", SloLabels.Objective(d.Objective, lang), SloLabels.Window(d.Window, lang))
                + " · " + page.F("slo.page.windowSpan", page.LocalTime(s.WindowStart), page.LocalTime(s.WindowEnd));
            IReadOnlyList<string> notes = s.State switch
            {
                SloState.NoData => [page.T("slo.page.noCounts")],
                SloState.NotEnoughData => [SloLabels.NotEnoughData(s, lang)],
                _ => [Outlook(s, page)],
            };

            var attainment = new ChartBuilder(page.Calendar, page.T("slo.page.attainmentChart"), "%", window, step) { Language = lang, ZeroBased = false }
                .Add(page.T("slo.page.attainment"), SloChartSeries.Attainment(s), MeasuredColour)
                .Add(page.T("slo.page.objective"), Flat(window, d.Objective * 100), ObjectiveColour, SeriesStyle.Threshold);
            var facts = new PanelTable(
                // The objective is in the subtitle and drawn on the chart; six columns fit a half-width panel.
                [page.T("slo.page.state"), page.T("slo.page.attainment"), page.T("slo.page.budgetLeft"), page.T("slo.page.exhaustedAt"),
                    page.T("slo.page.good"), page.T("slo.page.requests")],
                [[
                    SloPanels.State(s.State, lang), SloPanels.Attainment(s.Attainment, lang),
                    SloPanels.Budget(s.BudgetLeft, lang),
                    s.BudgetExhaustedAt is { } at ? new PanelCell(page.When(at), null, CellTone.Worse)
                        // Part of a window gives no outlook either: "not at the current rate" would be a verdict.
                        : s.State == SloState.NotEnoughData ? new PanelCell("—") : new PanelCell(page.T("slo.page.notRunningOut")),
                    SloPanels.Requests(s.Good, lang), SloPanels.Requests(s.Total, lang),
                ]]);
            panels.Add(new ViewPanel(d.Name, title, subtitle, s.State == SloState.NoData ? null : attainment.Build(), facts, notes) { OpenTable = true });

            var budget = new ChartBuilder(page.Calendar, page.T("slo.page.budgetChart"), "%", window, step) { Language = lang }
                .Add(page.T("slo.page.budgetLeft"), SloChartSeries.BudgetLeft(s), MeasuredColour)
                .Add(page.T("slo.page.budgetSpent"), Flat(window, 0), ObjectiveColour, SeriesStyle.Threshold);
            panels.Add(new ViewPanel(d.Name + "-budget", page.F("slo.page.budgetTitle", title), page.T("slo.page.burnExplained"),
                s.State == SloState.NoData ? null : budget.Build(), SloPanels.BurnRates(s, page), s.State == SloState.NoData ? [page.T("slo.page.noCounts")] : [])
            { OpenTable = true });

            var perTenant = statuses.Where(t => t.Tenant is not null && t.Definition.Name == d.Name).ToList();
            if (d.PerTenant)
            {
                panels.Add(new ViewPanel(d.Name + "-tenants", page.F("slo.page.tenantsTitle", title), page.T("slo.page.tenantsSubtitle"), null,
                    SloPanels.Tenants(perTenant, page, names), perTenant.Count == 0 ? [page.T("common.noData")] : [])
                {
                    OpenTable = true,
                    Wide = true,
                    RowLinks = perTenant.Select(t => t.Tenant == SloPanels.OtherTenants ? null : page.Href("/tenants/" + Uri.EscapeDataString(t.Tenant!))).ToList(),
                });
            }
        }

        var facts2 = overall.Count == 0
            ? [page.T("slo.page.none")]
            : new List<string>
            {
                page.F("slo.page.count", overall.Count.ToString(CultureInfo.InvariantCulture)) + ": "
                    + string.Join(" · ", overall.GroupBy(s => s.State).OrderBy(g => g.Key).Select(g => SloLabels.State(g.Key, lang) + " " + g.Count().ToString(CultureInfo.InvariantCulture))),
            };
        var api = "/api/slos" + page.Link()[page.Path.Length..];
        return new PanelsModel(page, page.T("slo.page.title"), page.Environment.DisplayName, facts2, panels, api,
            new { environment = env, slos = overall.Select(s => s.Definition.Name) });
    }

    /// <summary>When the budget runs out at the current rate, or that it is spent, or that it is not running out.</summary>
    private static string Outlook(SloStatus s, PageContext page) =>
        s.State == SloState.Breached ? page.T("slo.page.outlookSpent")
        : s.BudgetExhaustedAt is { } at ? page.F("slo.page.outlookRunsOut", page.When(at))
        : page.T("slo.page.outlookSteady");

    // A horizontal line over the window (the objective, or 0 % budget), one point per hour like the measured line.
    private static List<Point> Flat(TimeWindow window, double value)
    {
        var points = new List<Point>();
        for (var t = TimeWindow.FloorToHour(window.Start); t < window.End; t = t.AddHours(1))
        {
            if (t >= window.Start)
                points.Add(new Point(t, value));
        }
        return points;
    }
}
