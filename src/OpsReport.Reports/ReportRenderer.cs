using System.Diagnostics;
using OpsReport.Reports.Pdf;

namespace OpsReport.Reports;

/// <summary>Builds and renders a report to PDF bytes or a file: what <c>report render</c> and <c>/reports/{name}.pdf</c> use.</summary>
public sealed class ReportRenderer(WeeklyReportBuilder builder, PdfReportRenderer pdf)
{
    public async Task<RenderedReport> RenderAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        // The font is loaded on the second core while the data is read (the first render of a process pays for both),
        // unless the process started loading it already (WarmUp).
        var warm = PdfSharpSetup.StartWarm();
        var document = await builder.BuildAsync(request, cancellationToken);
        await warm.WaitAsync(cancellationToken);
        var rendered = pdf.RenderPdf(document);
        return new RenderedReport(document, rendered.Content, rendered.PageCount, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Starts loading the report font on the thread pool and returns at once: a process that is about to render (the
    /// CLI's <c>report render</c> and <c>report send</c>) calls this first, so the font is ready when its host is.
    /// </summary>
    public static void WarmUp() => PdfSharpSetup.StartWarm();

    /// <summary>Renders into <paramref name="outPath"/> (folders created); the file appears complete or not at all.</summary>
    public async Task<RenderFileResult> RenderToFileAsync(ReportRequest request, string outPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outPath);
        var rendered = await RenderAsync(request, cancellationToken);
        return await WriteAsync(rendered, outPath, cancellationToken);
    }

    /// <summary>Writes a rendered report to <paramref name="outPath"/> through a temporary file and an atomic rename.</summary>
    public static async Task<RenderFileResult> WriteAsync(RenderedReport rendered, string outPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        var path = await WriteBytesAsync(rendered.Pdf, outPath, cancellationToken);
        return new RenderFileResult(path, rendered.Document.Period.Name, rendered.Document.Environment.Name, rendered.PageCount,
            rendered.Pdf.LongLength, rendered.Elapsed);
    }

    /// <summary>Writes PDF bytes to <paramref name="outPath"/> (folders created) so the file appears complete or not at all; returns the full path.</summary>
    public static async Task<string> WriteBytesAsync(byte[] content, string outPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(outPath);
        var path = Path.GetFullPath(outPath);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        await File.WriteAllBytesAsync(temp, content, cancellationToken);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}

/// <summary>A rendered report: the document it shows, the PDF bytes, its page count and how long building and rendering took.</summary>
public sealed record RenderedReport(ReportDocument Document, byte[] Pdf, int PageCount, TimeSpan Elapsed);

/// <summary>What <see cref="ReportRenderer.RenderToFileAsync"/> wrote, for the CLI's one-line summary.</summary>
public sealed record RenderFileResult(string Path, string Period, string Environment, int PageCount, long SizeBytes, TimeSpan Elapsed);
