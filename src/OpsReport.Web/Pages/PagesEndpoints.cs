using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Pages;

/// <summary>Maps the server-rendered pages.</summary>
public static class PagesEndpoints
{
    public static IServiceCollection AddOpsReportWeb(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddSingleton<OverviewService>();
        services.AddOpsReportViews();
        return services;
    }

    public static IEndpointRouteBuilder MapOpsReportPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", async Task<IResult> (HttpContext http, EnvironmentCatalog catalog, IOptions<OpsReportOptions> options, OverviewService overview, CancellationToken ct) =>
        {
            ViewArgs args;
            try
            {
                args = ViewArgs.Parse(http.Request, catalog, options);
            }
            catch (BadViewRequestException e)
            {
                return await ErrorPages.ResultAsync(http, e.Message, StatusCodes.Status400BadRequest);
            }
            var model = await overview.BuildAsync(args.Request, "/", ct, args.Language);
            model = model with { Page = model.Page with { Language = args.Language, LanguageParameter = args.LanguageParameter } };
            return new RazorComponentResult<OverviewPage>(new { Model = model });
        });
        app.MapOpsReportViews();
        return app;
    }
}
