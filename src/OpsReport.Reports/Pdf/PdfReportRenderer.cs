using System.Diagnostics;
using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OpsReport.Reports.Pdf;

/// <summary>
/// Renders a <see cref="ReportDocument"/> to an A4 PDF with PDFsharp: a cover with the headline numbers, one section per
/// definition entry (vector chart, findings, table), and a header and footer on every page. Text uses the embedded IPAex Gothic.
/// </summary>
public sealed class PdfReportRenderer
{
    /// <summary>
    /// The layouts tried in turn, roomiest first: the gap between sections, then the charts' plot height. A tighter one is
    /// used only when the roomier ones end on a scrap page: a page holding only a short section, or a last page that is
    /// mostly blank. Charts stay readable at the smallest plot height (about 3.4 cm).
    /// </summary>
    private static readonly LayoutSpacing[] Spacings =
    [
        new(22, PdfChartDrawer.PlotHeight), new(12, PdfChartDrawer.PlotHeight), new(10, 120), new(8, 104), new(8, 96),
    ];

    /// <summary>A last page used below this share is a scrap worth a tighter layout.</summary>
    private const double ScrapPageShare = 0.3;

    /// <summary>Sections up to this share of a page are kept on one page.</summary>
    private const double ShortSectionShare = 0.45;

    public byte[] Render(ReportDocument document) => RenderPdf(document).Content;

    public RenderedPdf RenderPdf(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var activity = ReportTelemetry.StartRender(document);
        var started = Stopwatch.GetTimestamp();
        PdfSharpSetup.EnsureInitialized();
        // A short section that does not fit below the one before starts a page of its own and leaves it mostly blank (a
        // four-row table on an empty page); laid out again with tighter gaps and lower charts it usually joins the page
        // before. When no spacing avoids the scrap, the one with the fewest pages wins (the roomiest among equals).
        // Only the chosen attempt gets its cover, headers and footers and is saved; the others are dropped as drafts.
        LaidOut? best = null;
        foreach (var spacing in Spacings)
        {
            var laidOut = Layout(document, spacing);
            if (!laidOut.EndsOnScrap || best is null || laidOut.Pdf.PageCount < best.Pdf.PageCount)
            {
                best?.Pdf.Dispose();
                best = laidOut;
            }
            else
            {
                laidOut.Pdf.Dispose();
            }
            if (!best.EndsOnScrap)
                break;
        }
        var rendered = Finish(document, best!);
        ReportTelemetry.Rendered(activity, document, rendered, Stopwatch.GetElapsedTime(started));
        return rendered;
    }

    private static LaidOut Layout(ReportDocument document, LayoutSpacing spacing)
    {
        var text = ReportText.For(document.Language);

        var pdf = new PdfDocument();
        pdf.Info.Title = $"{document.Title} · {document.Product} · {document.Environment.Name} · {document.Period.Name}";
        pdf.Info.Subject = $"{document.Period.Name} ({document.ZoneId})";
        pdf.Info.Author = document.Product;
        pdf.Info.Creator = "OpsReport";
        pdf.Info.CreationDate = document.GeneratedAt.UtcDateTime;

        var sectionPages = new List<(string Title, int Page)>();
        var placed = new List<PlacedSection>();
        var lastPageShare = 1.0;
        using (var writer = new PdfPageWriter(pdf))
        {
            // The cover is drawn last: its contents list needs the page numbers of the sections.
            PdfPageWriter.AddPage(pdf);
            if (document.Sections.Count > 0)
                writer.NewPage();
            foreach (var section in document.Sections)
            {
                var where = DrawSection(writer, section, text, spacing);
                placed.Add(where);
                sectionPages.Add((section.Title, where.Page));
            }
            if (document.Sections.Count > 0)
                lastPageShare = (writer.Y - spacing.SectionGap - PdfTheme.ContentTop) / (PdfTheme.ContentBottom - PdfTheme.ContentTop);
        }
        // A page other than the first section page that holds one short section and nothing else: it starts the page, and
        // the next section (if any) starts on a later one.
        var alone = placed.Where((p, i) => p.Page > 2 && p.AtPageTop && p.Short && (i == placed.Count - 1 || placed[i + 1].Page > p.Page)).Any();
        var endsOnScrap = alone || (pdf.PageCount > 2 && lastPageShare < ScrapPageShare);
        return new LaidOut(pdf, sectionPages, endsOnScrap);
    }

    /// <summary>Draws the cover (its contents list needs the sections' pages), the header and footer of every page, and saves.</summary>
    private static RenderedPdf Finish(ReportDocument document, LaidOut laidOut)
    {
        using var pdf = laidOut.Pdf;
        var text = ReportText.For(document.Language);
        using (var cover = XGraphics.FromPdfPage(pdf.Pages[0], XGraphicsPdfPageOptions.Append))
            PdfCoverDrawer.Draw(cover, document, text, laidOut.SectionPages);

        for (var i = 0; i < pdf.PageCount; i++)
        {
            using var g = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
            DrawHeader(g, document, text);
            DrawFooter(g, document, text, i + 1, pdf.PageCount);
        }

        var pageCount = pdf.PageCount;
        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        return new RenderedPdf(stream.ToArray(), pageCount);
    }

    private static PlacedSection DrawSection(PdfPageWriter writer, ReportSection section, ReportText text, LayoutSpacing spacing)
    {
        var g = writer.Graphics;
        var x = PdfTheme.Margin;
        var width = PdfTheme.ContentWidth;
        var titleFont = PdfTheme.Bold(13);
        var subtitleFont = PdfTheme.Regular(8);
        var titleLines = TextFit.Wrap(g, section.Title, titleFont, width, 2);
        var subtitleLines = TextFit.Wrap(g, section.Subtitle, subtitleFont, width, 3);
        var headingHeight = titleLines.Count * 16 + subtitleLines.Count * 10.5 + 6;
        var chartHeight = section.Chart is null ? 0 : PdfChartDrawer.Height(g, section.Chart, width, spacing.PlotHeight) + 8;

        // The heading stays with what follows it: its chart, else its first item, else the start of its table.
        var firstBlock = section.Chart is not null ? chartHeight
            : section.Items.Count > 0 ? PdfItemDrawer.Height(g, section.Items[0], width)
            : section.Table is not null ? PdfTableDrawer.StartHeight(g, section.Table, width)
            : 0;
        // A short section (a small table, a few findings) moves to the next page whole rather than leaving a scrap of
        // it behind; a long one starts where it is and continues with repeated table headers.
        var whole = headingHeight + chartHeight
            + section.Items.Sum(i => PdfItemDrawer.Height(g, i, width))
            + (section.Table is null ? 0 : PdfTableDrawer.FullHeight(g, section.Table, width))
            + section.Notes.Count * 13;
        var shortSection = whole <= (PdfTheme.ContentBottom - PdfTheme.ContentTop) * ShortSectionShare;
        if (!writer.AtPageTop && (headingHeight + firstBlock > writer.Remaining || (shortSection && whole > writer.Remaining)))
            writer.NewPage();
        g = writer.Graphics;
        var page = writer.PageNumber;
        var atPageTop = writer.AtPageTop;

        foreach (var line in titleLines)
        {
            g.DrawString(line, titleFont, new XSolidBrush(PdfTheme.Text), x, writer.Y, XStringFormats.TopLeft);
            writer.Y += 16;
        }
        foreach (var line in subtitleLines)
        {
            g.DrawString(line, subtitleFont, new XSolidBrush(PdfTheme.Muted), x, writer.Y, XStringFormats.TopLeft);
            writer.Y += 10.5;
        }
        writer.Y += 6;

        if (section.Chart is { } chart)
        {
            PdfChartDrawer.Draw(g, chart, x, writer.Y, width, spacing.PlotHeight, chart.X.ZoneLabel, text.NoData);
            writer.Y += chartHeight;
        }

        foreach (var item in section.Items)
            PdfItemDrawer.Draw(writer, item, x, width);

        if (section.Table is { } table)
            PdfTableDrawer.Draw(writer, table, x, width, $"{section.Title} ({text.Continued})", text.NoData);

        var noteFont = PdfTheme.Regular(7.5);
        foreach (var note in section.Notes)
        {
            writer.Y += 3;
            foreach (var line in TextFit.Wrap(writer.Graphics, note, noteFont, width))
            {
                writer.EnsureSpace(10);
                writer.Graphics.DrawString(line, noteFont, new XSolidBrush(PdfTheme.Muted), x, writer.Y, XStringFormats.TopLeft);
                writer.Y += 10;
            }
        }
        writer.Y += spacing.SectionGap;
        return new PlacedSection(page, atPageTop, shortSection);
    }

    private static void DrawHeader(XGraphics g, ReportDocument document, ReportText text)
    {
        var envColor = PdfTheme.EnvironmentColor(document);
        g.DrawRectangle(new XSolidBrush(envColor), 0, 0, PdfTheme.PageWidth, 5);

        var font = PdfTheme.Regular(8);
        var bold = PdfTheme.Bold(8);
        var y = 18.0;
        var x = PdfTheme.Margin;
        var right = PdfTheme.PageWidth - PdfTheme.Margin;

        var pill = EnvironmentLabel(document, text);
        var pillWidth = TextFit.Width(g, pill, bold) + 10;
        var days = document.FirstDay == document.LastDay ? Day(document.FirstDay) : Day(document.FirstDay) + " – " + Day(document.LastDay);
        var tail = " · " + (document.Period.Kind == ReportPeriodKind.Week ? document.Period.Name + " (" + days + ")" : days) + " · " + document.ZoneId
            + (document.Tenant is { } t ? " · " + t.DisplayName : "");
        var tailWidth = TextFit.Width(g, tail, font);
        var product = TextFit.Truncate(g, document.Product, bold, Math.Max(40, right - x - pillWidth - tailWidth - 12));
        g.DrawString(product, bold, new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
        x += TextFit.Width(g, product, bold) + 6;

        g.DrawRoundedRectangle(new XSolidBrush(envColor), x, y - 2, pillWidth, 12.5, 4, 4);
        g.DrawString(pill, bold, XBrushes.White, x + 5, y, XStringFormats.TopLeft);
        x += pillWidth;

        g.DrawString(TextFit.Truncate(g, tail, font, right - x), font, new XSolidBrush(PdfTheme.Muted), x, y, XStringFormats.TopLeft);
        g.DrawLine(new XPen(PdfTheme.Rule, 0.6), PdfTheme.Margin, 36, right, 36);
    }

    private static void DrawFooter(XGraphics g, ReportDocument document, ReportText text, int page, int pages)
    {
        var font = PdfTheme.Regular(7.5);
        var y = PdfTheme.PageHeight - 30;
        var right = PdfTheme.PageWidth - PdfTheme.Margin;
        g.DrawLine(new XPen(PdfTheme.Rule, 0.6), PdfTheme.Margin, y - 5, right, y - 5);
        var footer = text.PageOf(page, pages) + " · " + text.Generated.ToLowerInvariant() + " " + GeneratedAt(document);
        g.DrawString(footer, font, new XSolidBrush(PdfTheme.Muted), PdfTheme.Margin, y, XStringFormats.TopLeft);
        var title = TextFit.Truncate(g, document.Title, font, right - PdfTheme.Margin - TextFit.Width(g, footer, font) - 20);
        g.DrawString(title, font, new XSolidBrush(PdfTheme.Faint), right, y, XStringFormats.TopRight);
    }

    internal static string EnvironmentLabel(ReportDocument document, ReportText text) =>
        (document.Environment.IsProduction ? text.Production : text.NonProduction) + " · " + document.Environment.DisplayName
        + (document.Environment.IsDemo ? " · " + text.DemoData : "");

    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string GeneratedAt(ReportDocument document) =>
        document.GeneratedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + document.ZoneId;
}

/// <summary>A rendered PDF and how many pages it has.</summary>
public sealed record RenderedPdf(byte[] Content, int PageCount);

/// <summary>The vertical spacing of one layout attempt, in points.</summary>
internal sealed record LayoutSpacing(double SectionGap, double PlotHeight);

/// <summary>Where a section started: its page, whether it opened that page, and whether it is short enough to be kept whole.</summary>
internal sealed record PlacedSection(int Page, bool AtPageTop, bool Short);

/// <summary>
/// One layout attempt before its cover, headers and footers: the sections drawn on their pages, where each section starts,
/// and whether it ends on a scrap page a tighter layout should avoid.
/// </summary>
internal sealed record LaidOut(PdfDocument Pdf, IReadOnlyList<(string Title, int Page)> SectionPages, bool EndsOnScrap);
