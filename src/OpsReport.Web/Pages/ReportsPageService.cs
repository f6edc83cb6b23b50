using System.Globalization;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;
using OpsReport.Reports;
using OpsReport.Reports.Scheduling;

namespace OpsReport.Web.Pages;

/// <summary>Builds the reports page: every definition with its schedule and next run, preview links, and the outbox history.</summary>
public sealed class ReportsPageService(
    DashboardCatalog dashboards,
    EnvironmentCatalog environments,
    WeeklyReportBuilder builder,
    ReportScheduler scheduler,
    TenantDirectory tenants,
    IMetricStore store,
    ZoneCalendar calendar,
    TimeProvider clock,
    IOptions<OpsReportOptions> options,
    FeedSchedule feeds)
{
    private const int HistoryRows = 50;

    public async Task<ReportsPageModel> BuildAsync(string? message, bool isError, string language, string? languageParameter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var environment = environments.Default;
        var marks = (await store.GetWatermarksAsync(ct)).Where(kv => kv.Key.Environment == environment.Name).Select(kv => kv.Value).ToList();
        var page = new PageContext(options.Value.Product, environment, environments.All, OverviewRange.Week, calendar, now,
            marks.Count == 0 ? null : marks.Min(), "/reports")
        {
            // Reports have their own periods: the 24h/7d/30d switch would only mislead here.
            ShowRange = false,
            Section = "reports",
            Language = language,
            LanguageParameter = UiText.IsKnown(languageParameter) ? languageParameter : null,
            Feeds = await feeds.ForAsync(environment.Name, now, ct),
        };

        var definitions = new List<ReportDefinitionView>();
        foreach (var d in dashboards.All)
            definitions.Add(await DefinitionAsync(d, now, page, ct));

        var deliveries = (await store.GetDeliveriesAsync(500, ct)).Select(Delivery).ToList();
        var attention = deliveries.Where(d => d.Record.Status == DeliveryStatus.Abandoned).ToList();
        return new ReportsPageModel(page, definitions, deliveries.Take(HistoryRows).ToList(), attention, message, isError);
    }

    private async Task<ReportDefinitionView> DefinitionAsync(DashboardDefinition d, DateTimeOffset now, PageContext page, CancellationToken ct)
    {
        var resolved = builder.Resolve(new ReportRequest(d.Name));
        var zone = resolved.Calendar;
        var envs = d.Environments.Where(e => environments.Find(e) is not null).DefaultIfEmpty(environments.Default.Name).ToList();
        var names = await tenants.GetNamesAsync(resolved.Environment.Name, ct);
        var scoped = await builder.TenantsInScopeAsync(resolved, ct);
        var tenantChoices = (scoped.Count > 0 ? scoped : names.Keys.Order(StringComparer.Ordinal).ToList())
            .Select(id => new TenantChoice(id, names.GetValueOrDefault(id, id))).ToList();

        var previews = new List<PreviewLink>();
        foreach (var env in envs)
        {
            previews.Add(new PreviewLink(env, PdfUrl(d.Name, env, resolved.Period.Name, null)));
            foreach (var tenant in scoped)
                previews.Add(new PreviewLink(env + " · " + names.GetValueOrDefault(tenant, tenant), PdfUrl(d.Name, env, resolved.Period.Name, tenant)));
        }

        string? nextRun = null;
        if (scheduler.NextRun(d, now) is { } next)
        {
            var local = zone.ToLocal(next);
            nextRun = local.ToString("yyyy-MM-dd (ddd) HH:mm", UiText.Culture(page.Language)) + " " + zone.ZoneId;
        }
        var tenantsText = d.Tenants switch
        {
            null => page.T("reports.wholeEnvironment"),
            { Top: { } top } => page.F("reports.perTenantTop", top.ToString(CultureInfo.InvariantCulture)),
            { } scope => page.F("reports.perTenant", string.Join(", ", scope.Ids.Select(id => names.GetValueOrDefault(id, id)))),
        };
        var recipients = string.Join(", ", resolved.To) + (resolved.Cc.Count > 0 ? " · cc " + string.Join(", ", resolved.Cc) : "");
        // What the definition's author wrote (title, audience, section titles, schedule text) is in the definition's
        // language; a page in another language shows the names and kinds the YAML gives instead.
        var own = (d.Language ?? "en") == page.Language;
        var sections = string.Join(", ", d.Sections.Select(s => own && s.Title is not null ? s.Title : s.Kind.ToString()));
        var cadence = page.T(d.Period == ReportCadence.Daily ? "reports.cadence.day" : "reports.cadence.week");
        return new ReportDefinitionView(d.Name, own ? d.Title : d.Name, own ? d.Audience : null, Path.GetFileName(d.SourceFile), envs, tenantsText,
            resolved.Language, zone.ZoneId, own ? d.Schedule?.Text : null, d.Schedule?.Cron, nextRun, recipients, resolved.Period.Name, cadence, sections,
            previews, tenantChoices)
        {
            PerTenant = d.Tenants is not null,
            SectionsAreKinds = !own,
        };
    }

    private DeliveryView Delivery(DeliveryRecord r)
    {
        string Local(DateTimeOffset t) => calendar.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var recipients = r.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries).Length + r.Cc.Split(',', StringSplitOptions.RemoveEmptyEntries).Length;
        return new DeliveryView(r, Local(r.UpdatedAt), r.NextAttemptAt is { } n ? Local(n) : null, recipients,
            r.Status switch
            {
                DeliveryStatus.Sent => "rp-sent",
                DeliveryStatus.Abandoned => "rp-abandoned",
                DeliveryStatus.Failed => "rp-failed",
                _ => "rp-pending",
            });
    }

    public static string PdfUrl(string report, string env, string period, string? tenant) =>
        "/reports/" + Uri.EscapeDataString(report) + ".pdf?env=" + Uri.EscapeDataString(env) + "&period=" + Uri.EscapeDataString(period)
        + (tenant is null ? "" : "&tenant=" + Uri.EscapeDataString(tenant));
}
