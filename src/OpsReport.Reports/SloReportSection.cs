using System.Globalization;
using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Slos;
using OpsReport.Core.Text;
using OpsReport.Core.Time;

namespace OpsReport.Reports;

/// <summary>
/// The report's SLO section (<c>section: slos</c>): each SLO's state, attainment, objective and budget left at the end of
/// the period (or now, for a period not over), and the budget left over the period's hours. A tenant's report holds
/// that tenant's SLOs only. Every number is the <see cref="ISloReader"/>'s.
/// </summary>
internal static class SloReportSection
{
    // More lines than this make the budget chart unreadable at A4 width; the table still lists every SLO.
    private const int MaxChartLines = 6;

    /// <returns>Null when the environment (or tenant) has no SLO.</returns>
    public static async Task<ReportSection?> BuildAsync(ISloReader reader, string title, ResolvedReport report, ReportTenant? tenant, TimeWindow window,
        DateTimeOffset now, ZoneCalendar zone, CancellationToken ct)
    {
        var lang = report.Language;
        var at = now < window.End ? now : window.End;
        var all = await reader.ReadAsync(report.Environment.Name, at, tenant?.Id, ct);
        // The environment's report shows each SLO once (environment-wide); the tenant's, that tenant's statuses only.
        var statuses = tenant is null ? all.Where(s => s.Tenant is null).ToList() : all.Where(s => s.Tenant == tenant.Id).ToList();
        if (statuses.Count == 0)
            return null;

        string T(string key) => TextCatalog.Get(lang, key);
        string Local(DateTimeOffset t) => zone.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var rows = statuses.Select(s => (IReadOnlyList<PanelCell>)
        [
            new PanelCell(SloLabels.Title(s.Definition, lang)),
            new PanelCell(SloLabels.State(s.State, lang), null, SloLabels.Tone(s.State)),
            s.Attainment is { } a ? new PanelCell(SloLabels.Attainment(a, lang), a * 100) : Missing(lang),
            // The objective is configuration, not a measurement: no raw value, so a report of an empty store still has no numbers.
            new PanelCell(SloLabels.Objective(s.Definition.Objective, lang)),
            s.BudgetLeft is { } b ? new PanelCell(SloLabels.Budget(b, lang), b * 100, b <= 0 ? CellTone.Worse : CellTone.Neutral) : Missing(lang),
            s.BudgetExhaustedAt is { } x ? new PanelCell(Local(x), null, CellTone.Worse) : new PanelCell(s.State == SloState.NoData ? SloLabels.NoData(lang) : "—"),
            new PanelCell(SloLabels.Window(s.Definition.Window, lang)),
        ]).ToList();
        var table = new PanelTable([T("slo.page.slo"), T("slo.page.state"), T("slo.page.attainment"), T("slo.page.objective"), T("slo.page.budgetLeft"),
            T("slo.page.exhaustedAt"), T("slo.page.window")], rows);

        var chart = new ChartBuilder(zone, T("slo.report.budgetChart"), "%", window, Resolution.Hour) { Language = lang };
        var lines = 0;
        foreach (var s in statuses.Where(s => s.State != SloState.NoData).Take(MaxChartLines))
            chart.Add(SloLabels.Title(s.Definition, lang), SloChartSeries.BudgetLeft(s), lines++);
        var model = chart.Build();

        var subtitle = TextCatalog.Format(lang, "slo.report.subtitle", Local(at), zone.ZoneId);
        List<string> notes = [T("slo.report.note")];
        if (statuses.Any(s => s.State == SloState.NoData))
            notes.Add(T("slo.page.noCounts"));
        if (statuses.FirstOrDefault(s => s.State == SloState.NotEnoughData) is { } partial)
            notes.Add(SloLabels.NotEnoughData(partial, lang));
        return new ReportSection(Core.Dashboards.SectionKind.Slos, title, subtitle, model.HasData ? model : null, [], table, notes);
    }

    private static PanelCell Missing(string language) => new(SloLabels.NoData(language), null, CellTone.Missing);
}
