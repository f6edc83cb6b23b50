using System.Text;
using System.Text.Json.Serialization;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Web.Pages;

namespace OpsReport.Web.Api;

/// <summary>The JSON API (what the pages show, in numbers), CSV downloads, and health endpoints.</summary>
public static class OpsReportApi
{
    public static IEndpointRouteBuilder MapOpsReportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/readyz", async Task<IResult> (IServiceProvider services, DashboardCatalog dashboards, TimeProvider clock, OpsReport.Web.Hosting.StoreHealth health, CancellationToken ct) =>
        {
            // Ready = the store answers the queries pages make and no page failed on it in the last minute; an empty store is
            // ready but says so. Several instances on one store: the leases say which one collects which stream and analyses
            // which environment.
            try
            {
                var store = services.GetRequiredService<IMetricStore>();
                var marks = await store.GetWatermarksAsync(ct);
                await store.GetRunsAsync(null, 1, ct);
                await store.GetFindingsAsync(null, null, ct);
                var described = await store.DescribeAsync(ct);
                var leases = await store.GetLeasesAsync(clock.GetUtcNow(), ct);
                if (health.RecentError is { } recent)
                    return TypedResults.Json(new { status = "store unreadable", error = recent }, statusCode: StatusCodes.Status503ServiceUnavailable);
                return TypedResults.Json(new
                {
                    status = "ready",
                    definitions = dashboards.All.Count,
                    streamsCollected = marks.Count,
                    instance = store.InstanceId,
                    store = new { provider = described.Provider, schemaVersion = described.SchemaVersion },
                    leases = leases.Select(l => new { name = l.Name, holder = l.Holder, expiresAt = l.ExpiresAt }),
                });
            }
            catch (Exception e) when (OpsReport.Web.Hosting.StoreFailureHandler.IsStoreFailure(e))
            {
                health.Failed(e.Message);
                return TypedResults.Json(new { status = "store unreadable", error = e.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        var api = app.MapGroup("/api");
        api.MapSloApi();
        api.MapGet("/findings", async Task<IResult> (string? env, string? state, EnvironmentCatalog catalog, IMetricStore store, CancellationToken ct) =>
        {
            if (env is not null && catalog.Find(env) is null)
                return Problem($"Unknown environment '{env}'. Known environments: {string.Join(", ", catalog.All.Select(e => e.Name))}.");
            FindingState? parsedState = null;
            if (state is not null)
            {
                if (!Enum.TryParse<FindingState>(state, ignoreCase: true, out var s))
                    return Problem($"Unknown state '{state}'. Use open or resolved.");
                parsedState = s;
            }
            var findings = await store.GetFindingsAsync(env is null ? null : catalog.Find(env)!.Name, parsedState, ct);
            return TypedResults.Json(findings.Select(FindingJson.From), JsonOptions);
        });

        api.MapGet("/overview", async Task<IResult> (string? env, string? range, EnvironmentCatalog catalog, OverviewService overview, CancellationToken ct) =>
        {
            if (!ViewRequest.TryParse(env, range, catalog, out var request, out var error))
                return Problem(error!.Message);
            var model = await overview.BuildAsync(request!, "/", ct);
            return TypedResults.Json(new { environment = model.Page.Environment, range = request!.Range.ToString(), collectedUntil = model.Page.CollectedUntil, findings = model.Findings.Select(FindingJson.From), dashboard = model.Dashboard }, JsonOptions);
        });

        api.MapGet("/panels/{panel}", async Task<IResult> (string panel, string? env, string? range, EnvironmentCatalog catalog, OverviewService overview, CancellationToken ct) =>
        {
            var csv = panel.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
            var name = csv ? panel[..^4] : panel;
            if (!ViewRequest.TryParse(env, range, catalog, out var request, out var error))
                return Problem(error!.Message);
            var model = await overview.BuildAsync(request!, "/", ct);
            var data = model.Dashboard.Panels.FirstOrDefault(p => DashboardLoader.PanelName(p.Kind) == name);
            if (data is null)
                return Problem($"Unknown panel '{name}'. Panels on this dashboard: {string.Join(", ", model.Dashboard.Panels.Select(p => DashboardLoader.PanelName(p.Kind)))}.");
            if (!csv)
                return TypedResults.Json(data, JsonOptions);
            var file = $"opsreport-{request!.Environment.Name}-{name}-{request.Range.ToString().ToLowerInvariant()}.csv";
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv.Write(data.Table))).ToArray(), "text/csv; charset=utf-8", file);
        });
        return app;
    }

    public static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
        WriteIndented = false,
    };

    private static IResult Problem(string message) =>
        TypedResults.Problem(detail: message, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
}
