using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Reports;

/// <summary>
/// Builds the weekly report of one environment: an ISO week in the configured zone against the week before, every panel
/// of the definition (charts over the week, hourly), and the headline numbers. Reads the store only.
/// </summary>
public sealed class WeeklyReportBuilder(
    DashboardCatalog dashboards,
    EnvironmentCatalog environments,
    DashboardComposer composer,
    PanelQueries queries,
    TenantDirectory tenants,
    IMetricStore store,
    ZoneCalendar calendar,
    TimeProvider clock,
    IOptions<OpsReportOptions> options)
{
    /// <summary>Fills in defaults and checks names; throws <see cref="ArgumentException"/> listing the valid choices.</summary>
    public ResolvedReport Resolve(ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var known = string.Join(", ", dashboards.All.Select(d => d.Name));
        if (string.IsNullOrWhiteSpace(request.Report))
            throw new ArgumentException($"--report is required; known reports: {known}.");
        var definition = dashboards.Find(request.Report.Trim())
            ?? throw new ArgumentException($"--report '{request.Report}' is not defined in {dashboards.Directory}; known reports: {known}.");

        EnvironmentInfo environment;
        if (string.IsNullOrWhiteSpace(request.Environment))
        {
            environment = definition.Environments.Select(environments.Find).FirstOrDefault(e => e is not null) ?? environments.Default;
        }
        else
        {
            environment = environments.Find(request.Environment.Trim())
                ?? throw new ArgumentException($"--env '{request.Environment}' is not a configured environment; known environments: {string.Join(", ", environments.All.Select(e => e.Name))}.");
        }

        var period = string.IsNullOrWhiteSpace(request.Period)
            ? ReportPeriod.PreviousComplete(clock.GetUtcNow(), calendar)
            : ReportPeriod.Parse(request.Period);

        var language = string.IsNullOrWhiteSpace(request.Language) ? definition.Language ?? options.Value.Language : request.Language.Trim();
        if (language is not ("en" or "ja"))
            throw new ArgumentException($"--lang '{language}' is not supported; expected en or ja.");

        var tenant = string.IsNullOrWhiteSpace(request.Tenant) ? null : request.Tenant.Trim();
        return new ResolvedReport(definition, environment, period, tenant, language);
    }

    public Task<ReportDocument> BuildAsync(ReportRequest request, CancellationToken cancellationToken = default) =>
        BuildAsync(Resolve(request), cancellationToken);

    public async Task<ReportDocument> BuildAsync(ResolvedReport report, CancellationToken cancellationToken = default)
    {
        var text = ReportText.For(report.Language);
        var week = report.Period.Window(calendar);
        var periods = OverviewRanges.Weeks(week, calendar);
        var data = await composer.ComposeAsync(report.Definition, report.Environment, periods, week, Resolution.Hour, cancellationToken);

        ReportTenant? tenant = null;
        var panels = data.Panels;
        if (report.Tenant is { } tenantId)
        {
            var names = await tenants.GetNamesAsync(report.Environment.Name, cancellationToken);
            tenant = new ReportTenant(tenantId, names.GetValueOrDefault(tenantId, tenantId));
            panels = await RestrictToTenantAsync(report, periods, week, tenant, panels, cancellationToken);
        }

        return new ReportDocument(
            Product: options.Value.Product,
            ReportName: report.Definition.Name,
            Title: report.Definition.Title,
            Environment: report.Environment,
            Period: report.Period,
            PreviousPeriodName: periods.PreviousLabel,
            Window: week,
            ZoneId: calendar.ZoneId,
            GeneratedAt: calendar.ToLocal(data.GeneratedAt),
            Language: report.Language,
            Tenant: tenant,
            Panels: panels,
            Headlines: ReportHeadlines.From(panels, periods.PreviousLabel, text),
            DataWarnings: await DataWarningsAsync(report.Environment.Name, week, cancellationToken));
    }

    /// <summary>
    /// Re-runs the slow-tenants panel without its row limit and keeps the tenant's rows, so a tenant outside the overall
    /// top N still gets its numbers. The chart is kept only when it is about this tenant.
    /// </summary>
    private async Task<IReadOnlyList<PanelData>> RestrictToTenantAsync(ResolvedReport report, ComparisonPeriods periods, TimeWindow week,
        ReportTenant tenant, IReadOnlyList<PanelData> panels, CancellationToken cancellationToken)
    {
        var result = new List<PanelData>(panels.Count);
        for (var i = 0; i < panels.Count; i++)
        {
            var panel = panels[i];
            if (panel.Kind != PanelKind.SlowTenants)
            {
                result.Add(panel);
                continue;
            }
            var definition = report.Definition.Panels[i];
            var all = await queries.SlowTenantsAsync(
                new PanelRequest(report.Environment.Name, periods, week, Resolution.Hour, 100, definition.Title), cancellationToken);
            var rows = all.Table.Rows.Where(r => r.Count > 0 && (r[0].Text == tenant.DisplayName || r[0].Text == tenant.Id)).Take(definition.Top).ToList();
            var chart = all.Chart is { } c && c.Series.Count > 0 && c.Series[0].Name == tenant.DisplayName ? c : null;
            IReadOnlyList<string> notes = rows.Count == 0
                ? [$"No latency data for tenant {tenant.DisplayName} with at least {PanelQueries.MinRequestsForRanking} requests in the period."]
                : [];
            result.Add(all with
            {
                Subtitle = all.Subtitle + " · " + tenant.DisplayName,
                Chart = chart,
                Table = all.Table with { Rows = rows },
                Notes = notes,
            });
        }
        return result;
    }

    /// <summary>Collection runs that failed for part of the week and were not repeated successfully since.</summary>
    private async Task<IReadOnlyList<string>> DataWarningsAsync(string environment, TimeWindow week, CancellationToken cancellationToken)
    {
        var runs = await store.GetRunsAsync(environment, 1000, cancellationToken);
        return runs
            .Where(r => r.Status is RunStatus.Failed or RunStatus.Partial && r.Window.Start < week.End && r.Window.End > week.Start)
            .Where(r => !runs.Any(s => s.Status == RunStatus.Succeeded && s.Source == r.Source && s.Stream == r.Stream
                && s.StartedAt > r.StartedAt && s.Window.Start <= r.Window.Start && s.Window.End >= r.Window.End))
            .GroupBy(r => r.Source + "/" + r.Stream)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count()} collection run(s) failed during the week; numbers from it may be missing.")
            .ToList();
    }
}
