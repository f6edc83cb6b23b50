using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OpsReport.Web.Pages;

/// <summary>Error pages (400, 404, 500) in the page frame, with the navigation; the API answers problem JSON instead.</summary>
public static partial class ErrorPages
{
    public static async Task<IResult> ResultAsync(HttpContext http, string message, int status)
    {
        var frames = http.RequestServices.GetRequiredService<PageFrames>();
        var page = await frames.ForErrorAsync(http.Request, http.RequestAborted);
        return new RazorComponentResult<ErrorPage>(new Dictionary<string, object?> { ["Page"] = page, ["Message"] = message, ["Status"] = status })
        {
            StatusCode = status,
        };
    }

    /// <summary>An unknown page is a 404 page with the navigation; a failure is a 500 page that says so without details.</summary>
    public static WebApplication UseOpsReportErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async http =>
            {
                var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
                // What the store or the request itself caused is not a server fault: 503 or 400 with a sentence.
                if (error is not null && OpsReport.Web.Hosting.StoreFailureHandler.Classify(error) is { } known)
                {
                    if (known.Status == StatusCodes.Status503ServiceUnavailable)
                        http.RequestServices.GetRequiredService<OpsReport.Web.Hosting.StoreHealth>().Failed(error.Message);
                    await OpsReport.Web.Hosting.AccessGate.Refuse(http, known.Status, OpsReport.Web.Hosting.AccessText.Get(OpsReport.Web.Hosting.AccessText.LanguageOf(http), known.TextKey),
                        OpsReport.Web.Hosting.ApiTokenAuthenticationHandler.AcceptsTokens(http.Request.Path));
                    return;
                }
                if (error is not null)
                    LogFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpsReport.Web.Pages.ErrorPages"), http.Request.Path, error);
                var language = OpsReport.Web.Hosting.AccessText.LanguageOf(http);
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    await TypedResults.Problem(detail: UiText.Get("en", "error.failedDetail"), statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(http);
                    return;
                }
                var result = await ResultAsync(http, UiText.Get(language, "error.failedDetail"), StatusCodes.Status500InternalServerError);
                await result.ExecuteAsync(http);
            },
        });
        app.MapFallback(async Task<IResult> (HttpContext http) =>
        {
            if (http.Request.Path.StartsWithSegments("/api") || !HttpMethods.IsGet(http.Request.Method))
                return TypedResults.Problem(detail: $"No such address: {http.Request.Path}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            var language = OpsReport.Web.Hosting.AccessText.LanguageOf(http);
            return await ResultAsync(http, UiText.Format(language, "error.noSuchPage", http.Request.Path.Value), StatusCodes.Status404NotFound);
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed")]
    private static partial void LogFailed(ILogger logger, string path, Exception exception);
}
