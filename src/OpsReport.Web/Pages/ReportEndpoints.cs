using Microsoft.AspNetCore.Antiforgery;
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
        app.MapGet("/reports", async (string? result, HttpContext context, CancellationToken ct) =>
        {
            // The outcome of a send comes back sealed by the server, so a crafted link cannot put words on this page.
            var outcome = SendOutcome.Open(context, result);
            var service = ActivatorUtilities.CreateInstance<ReportsPageService>(context.RequestServices);
            var model = await service.BuildAsync(outcome?.Message, outcome?.IsError == true, OpsReport.Web.Hosting.AccessText.LanguageOf(context), context.Request.Query["lang"].FirstOrDefault(), ct);
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

        // A form post from the reports page: the antiforgery token and the origin must both match, the sender must be an
        // operator (AccessGate), and every field must name something that exists.
        app.MapPost("/reports/{name}/send", async Task<IResult> (string name, HttpContext context, IAntiforgery antiforgery, SendFormValidator validator, ReportSender sender, CancellationToken ct) =>
        {
            var request = context.Request;
            if (!IsSameOrigin(request))
                return TypedResults.Problem(detail: "Cross-site requests cannot send reports; use the reports page.", statusCode: StatusCodes.Status403Forbidden);
            var language = OpsReport.Web.Hosting.AccessText.LanguageOf(context);
            if (!request.HasFormContentType)
                return await ErrorPages.ResultAsync(context, UiText.Get(language, "send.useTheForm"), StatusCodes.Status400BadRequest);
            // Read first: a body that is not a form (say, a NUL where text belongs) is a 400 of its own, not a forged form.
            var form = await request.ReadFormAsync(ct);
            try
            {
                await antiforgery.ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                return await ErrorPages.ResultAsync(context, OpsReport.Web.Hosting.AccessText.Get(language, "forgedForm"), StatusCodes.Status400BadRequest);
            }
            string? Field(string key) => form[key].FirstOrDefault() is { Length: > 0 } v ? v.Trim() : null;
            if (Field("force") is { } f && f != "true")
                return await ErrorPages.ResultAsync(context, UiText.Get(language, "send.forceIsACheckbox"), StatusCodes.Status400BadRequest);
            var (valid, invalid) = await validator.ValidateAsync(name, Field("env"), Field("period"), Field("tenant"), ct);
            if (valid is null)
                return await ErrorPages.ResultAsync(context, invalid!.Text(language), StatusCodes.Status400BadRequest);
            string message;
            var error = false;
            try
            {
                var results = await sender.SendAllAsync(valid, Field("force") == "true", dryRun: false, ct);
                // In the reader's words, from the outcome's fields (the sender's own line is the CLI's and the log's).
                message = string.Join(" ", results.Select(r => SendResultText.Line(r, language)));
                error = results.Any(r => !r.IsSuccess);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpsReport.Web.Reports").LogWarning("Send now of {Report} refused: {Reason}", valid.Report, e.Message);
                message = UiText.Format(language, "send.refused", valid.Report);
                error = true;
            }
            // Post/redirect/get: reloading the page shows the outcome again instead of sending again.
            var lang = context.Request.Query["lang"].FirstOrDefault() is { } l && UiText.IsKnown(l) ? "&lang=" + l : "";
            return TypedResults.Redirect("/reports?result=" + Uri.EscapeDataString(SendOutcome.Seal(context, message, error)) + lang + "#report-" + Uri.EscapeDataString(valid.Report));
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
