using Microsoft.AspNetCore.Http.HttpResults;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Pages;

/// <summary>Maps the server-rendered pages.</summary>
public static class PagesEndpoints
{
    public static IServiceCollection AddOpsReportWeb(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddSingleton<OverviewService>();
        return services;
    }

    public static IEndpointRouteBuilder MapOpsReportPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", async Task<IResult> (string? env, string? range, EnvironmentCatalog catalog, OverviewService overview, CancellationToken ct) =>
        {
            if (!ViewRequest.TryParse(env, range, catalog, out var request, out var error))
                return BadRequestPage(error);
            var model = await overview.BuildAsync(request!, "/", ct);
            return new RazorComponentResult<OverviewPage>(new { Model = model });
        });
        return app;
    }

    public static IResult BadRequestPage(string message) =>
        new RazorComponentResult<ErrorPage>(new { Message = message }) { StatusCode = StatusCodes.Status400BadRequest };
}
