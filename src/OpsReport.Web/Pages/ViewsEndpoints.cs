using OpsReport.Core.Panels;
using OpsReport.Web.Api;
using OpsReport.Web.Pages.Views;

namespace OpsReport.Web.Pages;

/// <summary>Registers and maps the dashboard views beyond the overview: latency, incident, tenants, memory, logs, cost, coverage.</summary>
public static class ViewsEndpoints
{
    public static IServiceCollection AddOpsReportViews(this IServiceCollection services)
    {
        // Japanese text as characters, not &#x…; entities: readable source, and a third of the bytes on Japanese pages.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton<OpsReport.Web.Hosting.RequestTimings>();
        services.AddTransient<IStartupFilter, OpsReport.Web.Hosting.RequestTimingStartupFilter>();
        // Room for every environment's warmed views (ViewWarmer) besides what visitors open.
        services.AddSingleton(sp => new OpsReport.Web.Hosting.ViewDataCache(sp.GetRequiredService<OpsReport.Web.Hosting.DataVersion>(),
            OpsReport.Web.Hosting.ViewDataCache.MaxEntries + OpsReport.Web.Hosting.ViewWarmer.ViewsPerEnvironment * sp.GetRequiredService<OpsReport.Core.Configuration.EnvironmentCatalog>().All.Count));
        services.AddSingleton<LatencyMatrixQuery>();
        services.AddSingleton<LatencyPathQuery>();
        services.AddSingleton<PageFrames>();
        services.AddSingleton<FeedSchedule>();
        services.AddSingleton<LatencyView>();
        services.AddSingleton<IncidentQuery>();
        services.AddSingleton<IncidentView>();
        services.AddSingleton<TenantQuery>();
        services.AddSingleton<TenantView>();
        services.AddSingleton<MemoryQuery>();
        services.AddSingleton<MemoryView>();
        services.AddSingleton<LogsQuery>();
        services.AddSingleton<LogsView>();
        services.AddSingleton<CostQuery>();
        services.AddSingleton<CostView>();
        services.AddSingleton<CoverageQuery>();
        services.AddSingleton<CoverageView>();
        services.AddSingleton<StandupQuery>();
        services.AddSingleton<CachedStandup>();
        services.AddSingleton<SloView>();
        return services;
    }

    private static async Task<IResult> ApiAsync(HttpContext http, Func<ViewArgs, Task<object>> build)
    {
        try
        {
            var args = ViewArgs.Parse(http.Request, http.RequestServices.GetRequiredService<OpsReport.Core.Configuration.EnvironmentCatalog>(),
                http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpsReport.Core.Configuration.OpsReportOptions>>());
            return TypedResults.Json(await build(args), OpsReportApi.JsonOptions);
        }
        catch (BadViewRequestException e)
        {
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }
    }

    public static IEndpointRouteBuilder MapOpsReportViews(this IEndpointRouteBuilder app)
    {
        ViewRoutes.Map<LatencyModel, LatencyPage>(app, "/latency", "/api/latency", (sp, a, ct) => sp.GetRequiredService<LatencyView>().BuildAsync(a, ct));
        ViewRoutes.Map<IncidentModel, IncidentPage>(app, "/incident", "/api/incident", (sp, a, ct) => sp.GetRequiredService<IncidentView>().BuildAsync(a, ct));
        ViewRoutes.Map<TenantsModel, TenantsPage>(app, "/tenants", "/api/tenants", (sp, a, ct) => sp.GetRequiredService<TenantView>().ListAsync(a, ct));
        ViewRoutes.Map<TenantModel, TenantPage>(app, "/tenants/{id}", "/api/tenants/{id}", (sp, a, ct) => sp.GetRequiredService<TenantView>().BuildAsync(a, ct));
        // The overview's KPI tiles and "since yesterday" strip, as numbers.
        app.MapGet("/api/kpis", async Task<IResult> (HttpContext http, CachedStandup query, TimeProvider clock, CancellationToken ct) =>
            await ApiAsync(http, async args => await query.KpisAsync(args.Request.Environment.Name, clock.GetUtcNow(), ct)));
        app.MapGet("/api/changes", async Task<IResult> (HttpContext http, CachedStandup query, TimeProvider clock, CancellationToken ct) =>
            await ApiAsync(http, async args =>
            {
                var changes = await query.ChangesAsync(args.Request.Environment.Name, clock.GetUtcNow(), ct);
                return new { window = changes.Window, weekBefore = changes.WeekBefore, items = changes.Items.Select(i => new
                {
                    kind = i.Kind.ToString(), i.Subject, i.Detail, i.Extra, i.Current, i.Previous, i.Unit, i.Score, finding = i.Finding is null ? null : FindingJson.From(i.Finding),
                }) };
            }));
        ViewRoutes.Map<PanelsModel, PanelsPage>(app, "/memory", "/api/memory", (sp, a, ct) => sp.GetRequiredService<MemoryView>().BuildAsync(a, ct));
        ViewRoutes.Map<PanelsModel, PanelsPage>(app, "/logs", "/api/logs", (sp, a, ct) => sp.GetRequiredService<LogsView>().BuildAsync(a, ct));
        ViewRoutes.Map<PanelsModel, PanelsPage>(app, "/cost", "/api/cost", (sp, a, ct) => sp.GetRequiredService<CostView>().BuildAsync(a, ct));
        // /api/slos (the SLO statuses as JSON) is the SLO API's; this view adds the page and the CSV of its tables.
        ViewRoutes.Map<PanelsModel, PanelsPage>(app, "/slos", "/api/slos", (sp, a, ct) => sp.GetRequiredService<SloView>().BuildAsync(a, ct), mapJson: false);
        ViewRoutes.Map<PanelsModel, PanelsPage>(app, "/coverage", "/api/coverage", (sp, a, ct) => sp.GetRequiredService<CoverageView>().BuildAsync(a, ct));
        return app;
    }
}
