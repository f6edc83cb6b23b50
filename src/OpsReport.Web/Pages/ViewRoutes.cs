using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Panels;
using OpsReport.Web.Api;

namespace OpsReport.Web.Pages;

/// <summary>
/// Maps one dashboard view three ways from the same model: the page, its JSON (<c>/api/…</c>) and a CSV per panel
/// (<c>/api/…/{panel}.csv</c> for the table, <c>/api/…/{panel}.chart.csv</c> for the chart's points). A bad parameter is
/// a 400 with a sentence, an unknown thing a 404, on all three.
/// </summary>
public static class ViewRoutes
{
    public delegate Task<TModel> Build<TModel>(IServiceProvider services, ViewArgs args, CancellationToken ct);

    /// <param name="mapJson">False where another endpoint owns the view's JSON (<c>/api/slos</c>); the page and its CSV are mapped.</param>
    public static void Map<TModel, TPage>(IEndpointRouteBuilder app, string pagePattern, string apiPattern, Build<TModel> build, bool mapJson = true)
        where TModel : IViewModel
        where TPage : IComponent
    {
        app.MapGet(pagePattern, async Task<IResult> (HttpContext http, CancellationToken ct) =>
        {
            try
            {
                var model = await build(http.RequestServices, Args(http), ct);
                return new RazorComponentResult<TPage>(new Dictionary<string, object?> { ["Model"] = model });
            }
            catch (BadViewRequestException e)
            {
                return await ErrorPages.ResultAsync(http, e.Text(OpsReport.Web.Hosting.AccessText.LanguageOf(http)), StatusCodes.Status400BadRequest);
            }
            catch (ViewNotFoundException e)
            {
                return await ErrorPages.ResultAsync(http, e.Message, StatusCodes.Status404NotFound);
            }
        });

        if (mapJson)
            MapJson(app, apiPattern, build);
        MapCsv(app, apiPattern, build);
    }

    private static void MapJson<TModel>(IEndpointRouteBuilder app, string apiPattern, Build<TModel> build)
        where TModel : IViewModel
    {
        app.MapGet(apiPattern, async Task<IResult> (HttpContext http, CancellationToken ct) =>
        {
            try
            {
                var model = await build(http.RequestServices, Args(http), ct);
                return TypedResults.Json(model.Json, OpsReportApi.JsonOptions);
            }
            catch (BadViewRequestException e)
            {
                return Problem(e.Message, StatusCodes.Status400BadRequest);
            }
            catch (ViewNotFoundException e)
            {
                return Problem(e.Message, StatusCodes.Status404NotFound);
            }
        });

    }

    private static void MapCsv<TModel>(IEndpointRouteBuilder app, string apiPattern, Build<TModel> build)
        where TModel : IViewModel
    {
        // Only names ending in .csv, so /api/tenants/{file} (the list's CSV) and /api/tenants/{id} (a tenant) do not collide.
        app.MapGet(apiPattern + "/{file:regex(\\.csv$)}", async Task<IResult> (string file, HttpContext http, CancellationToken ct) =>
        {
            var chart = file.EndsWith(".chart.csv", StringComparison.OrdinalIgnoreCase);
            var id = file[..^(chart ? ".chart.csv".Length : ".csv".Length)];
            try
            {
                var model = await build(http.RequestServices, Args(http), ct);
                var panel = model.Panels.FirstOrDefault(p => p.Id == id);
                if (panel is null && !chart && model.Downloads.TryGetValue(id, out var download))
                    return CsvFile(download(), $"opsreport-{model.Page.Environment.Name}-{model.Page.CurrentSection}-{id}.csv");
                if (panel is null)
                    return Problem($"Unknown panel '{id}'. Panels of this view: {string.Join(", ", model.Panels.Select(p => p.Id).Concat(model.Downloads.Keys))}.", StatusCodes.Status400BadRequest);
                var table = chart
                    ? panel.Chart is { } c ? ChartTable.From(c, model.Page.T("common.time")) : null
                    : panel.Table;
                if (table is null)
                    return Problem($"Panel '{id}' has no {(chart ? "chart" : "table")}; try {id}{(chart ? ".csv" : ".chart.csv")}.", StatusCodes.Status400BadRequest);
                return CsvFile(table, $"opsreport-{model.Page.Environment.Name}-{model.Page.CurrentSection}-{id}{(chart ? "-chart" : "")}.csv");
            }
            catch (BadViewRequestException e)
            {
                return Problem(e.Message, StatusCodes.Status400BadRequest);
            }
            catch (ViewNotFoundException e)
            {
                return Problem(e.Message, StatusCodes.Status404NotFound);
            }
        });
    }

    private static IResult CsvFile(PanelTable table, string name) =>
        TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv.Write(table))).ToArray(), "text/csv; charset=utf-8", name);

    private static ViewArgs Args(HttpContext http) =>
        ViewArgs.Parse(http.Request, http.RequestServices.GetRequiredService<EnvironmentCatalog>(), http.RequestServices.GetRequiredService<IOptions<OpsReportOptions>>());

    private static IResult Problem(string message, int status) =>
        TypedResults.Problem(detail: message, statusCode: status, title: status == StatusCodes.Status404NotFound ? "Not found" : "Bad request");
}
