using OpsReport.Core.Panels;
using OpsReport.Core.Slos;

namespace OpsReport.Web.Pages.Views;

/// <summary>
/// The SLO tables of the pages (/slos, the tenant page): every number is a <see cref="SloStatus"/> value, formatted by
/// <see cref="SloLabels"/> as on every other surface; the raw value behind each cell goes to CSV and JSON.
/// </summary>
internal static class SloPanels
{
    /// <summary>Where "other" (the tenants beyond the top N of a per-tenant SLO) is named.</summary>
    public const string OtherTenants = "other";

    /// <summary>The state in words, coloured: met green, at risk and breached red, no data grey, not enough data yet plain.</summary>
    public static PanelCell State(SloState state, string language) => new(SloLabels.State(state, language), null, SloLabels.Tone(state));

    public static PanelCell Attainment(double? share, string language) =>
        share is { } s ? new PanelCell(SloLabels.Attainment(s, language), s * 100) : Missing(language);

    public static PanelCell Budget(double? share, string language) =>
        share is { } s ? new PanelCell(SloLabels.Budget(s, language), s * 100, s <= 0 ? CellTone.Worse : CellTone.Neutral) : Missing(language);

    public static PanelCell Requests(long? total, string language) =>
        total is { } t ? new PanelCell(SloLabels.Requests(t, language), t) : Missing(language);

    /// <summary>One row per SLO: title, state, attainment, objective, budget left, window, requests.</summary>
    public static PanelTable Summary(IReadOnlyList<SloStatus> statuses, PageContext page)
    {
        var lang = page.Language;
        return new PanelTable(
            [page.T("slo.page.slo"), page.T("slo.page.state"), page.T("slo.page.attainment"), page.T("slo.page.objective"), page.T("slo.page.budgetLeft"),
                page.T("slo.page.window"), page.T("slo.page.requests")],
            statuses.Select(s => (IReadOnlyList<PanelCell>)
            [
                new PanelCell(SloLabels.Title(s.Definition, lang)), State(s.State, lang), Attainment(s.Attainment, lang),
                new PanelCell(SloLabels.Objective(s.Definition.Objective, lang), s.Definition.Objective * 100), Budget(s.BudgetLeft, lang),
                new PanelCell(SloLabels.Window(s.Definition.Window, lang)), Requests(s.Total, lang),
            ]).ToList());
    }

    /// <summary>One row per tenant of a per-tenant SLO: tenant, state, attainment, budget left, requests.</summary>
    public static PanelTable Tenants(IReadOnlyList<SloStatus> statuses, PageContext page, IReadOnlyDictionary<string, string> names) =>
        new([page.T("common.tenant"), page.T("slo.page.state"), page.T("slo.page.attainment"), page.T("slo.page.budgetLeft"), page.T("slo.page.requests")],
            statuses.Select(s => (IReadOnlyList<PanelCell>)
            [
                new PanelCell(TenantName(s.Tenant!, page, names)), State(s.State, page.Language), Attainment(s.Attainment, page.Language),
                Budget(s.BudgetLeft, page.Language), Requests(s.Total, page.Language),
            ]).ToList());

    /// <summary>The burn rates over 1 h, 6 h, 24 h and 3 days: 1× spends the budget in exactly the SLO's window.</summary>
    public static PanelTable BurnRates(SloStatus status, PageContext page) =>
        new([page.T("slo.page.burnWindow"), page.T("slo.page.burnRate"), page.T("slo.page.requests")],
            status.BurnRates.Select(b => (IReadOnlyList<PanelCell>)
            [
                new PanelCell(SloLabels.BurnWindow(b.Window, page.Language)),
                b.Rate is { } r ? new PanelCell(SloLabels.BurnRate(r, page.Language), r, r >= 1 ? CellTone.Worse : CellTone.Neutral) : Missing(page.Language),
                b.Total > 0 ? Requests(b.Total, page.Language) : Missing(page.Language),
            ]).ToList());

    /// <summary>The tenant page's SLO panel (this tenant's statuses only), or null when no SLO covers the tenant.</summary>
    public static ViewPanel? ForTenant(IReadOnlyList<SloStatus> statuses, PageContext page, string tenantName) =>
        statuses.Count == 0 ? null : new ViewPanel("slos", page.F("slo.tenant.title", tenantName), page.F("slo.page.asOf", page.When(page.Now)), null, Summary(statuses, page), [])
        {
            OpenTable = true,
            Wide = true,
            RowLinks = statuses.Select(s => (string?)page.Href("/slos", ("range", null)) + "#panel-" + s.Definition.Name).ToList(),
        };

    public static string TenantName(string tenant, PageContext page, IReadOnlyDictionary<string, string> names) =>
        tenant == OtherTenants ? page.T("slo.page.otherTenants") : names.GetValueOrDefault(tenant, tenant);

    private static PanelCell Missing(string language) => new(SloLabels.NoData(language), null, CellTone.Missing);
}
