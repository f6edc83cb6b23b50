using Microsoft.AspNetCore.Http.HttpResults;
using OpsReport.Reports;
using OpsReport.Reports.Outbox;

namespace OpsReport.Web.Pages;

/// <summary>
/// The reports page (<c>/reports</c>), report previews (<c>/reports/{name}.pdf?env=&amp;period=&amp;tenant=&amp;lang=</c>,
/// rendered from the store on request) and "send now" (<c>POST /reports/{name}/send</c>, with the outbox's duplicate guard).
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapOpsReportReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports", async (string? message, string? status, HttpContext context, CancellationToken ct) =>
        {
            var service = ActivatorUtilities.CreateInstance<ReportsPageService>(context.RequestServices);
            var model = await service.BuildAsync(message, status == "error", ct);
            return new RazorComponentResult<ReportsPage>(new { Model = model });
        });

        app.MapGet("/reports/{file}", async Task<IResult> (string file, string? env, string? period, string? tenant, string? lang, ReportRenderer renderer, HttpResponse response, CancellationToken ct) =>
        {
            if (!file.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
                return TypedResults.Problem(detail: $"'{file}' is not a report file; use /reports/<name>.pdf, e.g. /reports/weekly.pdf?period=2026-W47.", statusCode: StatusCodes.Status404NotFound);
            RenderedReport rendered;
            try
            {
                rendered = await renderer.RenderAsync(new ReportRequest(file[..^4], env, period, tenant, lang), ct);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
            {
                return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
            }
            var name = OpsReport.Reports.Email.ReportEmailComposer.AttachmentName(rendered.Document);
            // Inline, so the link in an email or on the reports page previews in the browser; the name is kept for saving.
            response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { Inline = true, FileName = name }.ToString();
            return TypedResults.File(rendered.Pdf, "application/pdf");
        });

        // A plain form post (no Razor form, so no antiforgery token); cross-site posts are refused by their Origin instead.
        app.MapPost("/reports/{name}/send", async Task<IResult> (string name, HttpRequest request, ReportSender sender, CancellationToken ct) =>
        {
            if (!IsSameOrigin(request))
                return TypedResults.Problem(detail: "Cross-site requests cannot send reports; use the reports page.", statusCode: StatusCodes.Status403Forbidden);
            var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
            string? Field(string key) => form?[key].FirstOrDefault() is { Length: > 0 } v ? v.Trim() : null;
            var force = Field("force") == "true";
            string message;
            var error = false;
            try
            {
                var results = await sender.SendAllAsync(new ReportRequest(name, Field("env"), Field("period"), Field("tenant")), force, dryRun: false, ct);
                message = string.Join(" ", results.Select(r => r.Message));
                error = results.Any(r => !r.IsSuccess);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                message = e.Message;
                error = true;
            }
            // Post/redirect/get: reloading the page shows the outcome again instead of sending again.
            return TypedResults.Redirect("/reports?message=" + Uri.EscapeDataString(message) + (error ? "&status=error" : "") + "#report-" + Uri.EscapeDataString(name));
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>True unless the browser says the request came from another site (Origin, else Referer, else Sec-Fetch-Site).</summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var host = request.Host.Value;
        if (request.Headers.Origin.FirstOrDefault() is { Length: > 0 } origin)
            return Uri.TryCreate(origin, UriKind.Absolute, out var o) && string.Equals(o.Authority, host, StringComparison.OrdinalIgnoreCase);
        if (request.Headers.Referer.FirstOrDefault() is { Length: > 0 } referer)
            return Uri.TryCreate(referer, UriKind.Absolute, out var r) && string.Equals(r.Authority, host, StringComparison.OrdinalIgnoreCase);
        return request.Headers["Sec-Fetch-Site"].FirstOrDefault() is null or "same-origin" or "none";
    }
}
