using OpsReport.Reports;

namespace OpsReport.Web.Pages;

/// <summary>Report previews: <c>/reports/{name}.pdf?env=&amp;period=&amp;tenant=&amp;lang=</c>, rendered from the store on request.</summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapOpsReportReports(this IEndpointRouteBuilder app)
    {
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
        return app;
    }
}
