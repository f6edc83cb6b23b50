using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Pages;

/// <summary>Maps the server-rendered pages.</summary>
public static class PagesEndpoints
{
    /// <summary>Where the pages load the full bundled Japanese font from, for characters outside the subset (see app.css).</summary>
    public const string JapaneseFontPath = "/fonts/ipaexg.ttf";

    /// <summary>Where the pages load the Japanese font subset from: kana, common kanji and every character of the catalogs (see app.css).</summary>
    public const string JapaneseFontSubsetPath = "/fonts/opsreport-jp.woff2";

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
                return await ErrorPages.ResultAsync(http, e.Text(OpsReport.Web.Hosting.AccessText.LanguageOf(http)), StatusCodes.Status400BadRequest);
            }
            var model = await overview.BuildAsync(args.Request, "/", ct, args.Language);
            model = model with { Page = model.Page with { Language = args.Language, LanguageParameter = args.LanguageParameter } };
            return new RazorComponentResult<OverviewPage>(new { Model = model });
        });
        // The bundled IPAex Gothic (the PDF's font) for Japanese text on screens without a Japanese font (kiosks, Linux
        // browsers): app.css loads it only for the characters that need it (unicode-range).
        app.MapGet(JapaneseFontPath, (HttpContext http) => Font(http, typeof(OpsReport.Reports.Pdf.PdfReportRenderer).Assembly, "OpsReport.Reports.Fonts.ipaexg.ttf", "font/ttf"));
        app.MapGet(JapaneseFontSubsetPath, (HttpContext http) => Font(http, typeof(PagesEndpoints).Assembly, "OpsReport.Web.Fonts.opsreport-jp.woff2", "font/woff2"));
        app.MapOpsReportViews();
        return app;
    }

    private static IResult Font(HttpContext http, System.Reflection.Assembly assembly, string resource, string contentType)
    {
        http.Response.Headers.CacheControl = "public, max-age=604800";
        var font = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The bundled font {resource} is missing from {assembly.GetName().Name}.");
        return TypedResults.Stream(font, contentType);
    }
}
