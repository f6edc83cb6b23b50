using OpsReport.Core.Panels;
using PdfSharp.Drawing;

namespace OpsReport.Reports.Pdf;

/// <summary>
/// Draws a list item (a finding): a coloured label, the sentence wrapped in full (findings are read, not scanned, so they
/// are never truncated mid-sentence), then a muted detail line. An item never splits across pages.
/// </summary>
internal static class PdfItemDrawer
{
    private const double LabelWidth = 56;
    private const double LineHeight = 11.5;
    private const double DetailLineHeight = 9.5;
    private const double Gap = 7;
    private const int MaxDetailLines = 3;

    private static XFont TextFont => PdfTheme.Regular(9);

    private static XFont LabelFont => PdfTheme.Bold(7);

    private static XFont DetailFont => PdfTheme.Regular(7.5);

    public static double Height(XGraphics g, ReportItem item, double width)
    {
        var (lines, details) = Lines(g, item, width);
        return lines.Count * LineHeight + details.Count * DetailLineHeight + Gap;
    }

    public static void Draw(PdfPageWriter writer, ReportItem item, double x, double width)
    {
        writer.EnsureSpace(Height(writer.Graphics, item, width));
        var g = writer.Graphics;
        var (lines, details) = Lines(g, item, width);
        var color = item.Tone switch
        {
            CellTone.Worse => PdfTheme.Worse,
            CellTone.Better => PdfTheme.Better,
            _ => PdfTheme.Muted,
        };
        var label = TextFit.Truncate(g, item.Label, LabelFont, LabelWidth - 10);
        g.DrawRoundedRectangle(new XSolidBrush(color), x, writer.Y + 0.5, TextFit.Width(g, label, LabelFont) + 8, 10, 3, 3);
        g.DrawString(label, LabelFont, XBrushes.White, x + 4, writer.Y + 1.8, XStringFormats.TopLeft);

        var left = x + LabelWidth;
        foreach (var line in lines)
        {
            g.DrawString(line, TextFont, new XSolidBrush(PdfTheme.Text), left, writer.Y, XStringFormats.TopLeft);
            writer.Y += LineHeight;
        }
        foreach (var line in details)
        {
            g.DrawString(line, DetailFont, new XSolidBrush(PdfTheme.Muted), left, writer.Y, XStringFormats.TopLeft);
            writer.Y += DetailLineHeight;
        }
        writer.Y += Gap;
    }

    private static (IReadOnlyList<string> Lines, IReadOnlyList<string> Details) Lines(XGraphics g, ReportItem item, double width)
    {
        var inner = width - LabelWidth;
        var lines = TextFit.Wrap(g, item.Text, TextFont, inner);
        var details = item.Detail is null ? [] : TextFit.Wrap(g, item.Detail, DetailFont, inner, MaxDetailLines);
        return (lines, details);
    }
}
