using System.Globalization;
using OpsReport.Core.Panels;
using PdfSharp.Drawing;

namespace OpsReport.Reports.Pdf;

/// <summary>The cover: environment ribbon, title, the week and its zone, headline tiles and the contents.</summary>
internal static class PdfCoverDrawer
{
    private const double TileHeight = 72;
    private const double TileGap = 10;

    private static readonly string[] EnglishDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] JapaneseDays = ["日", "月", "火", "水", "木", "金", "土"];

    public static void Draw(XGraphics g, ReportDocument document, ReportText text, IReadOnlyList<(string Title, int Page)> sections)
    {
        var x = PdfTheme.Margin;
        var width = PdfTheme.ContentWidth;
        var y = PdfTheme.ContentTop + 4;

        var envColor = PdfTheme.EnvironmentColor(document);
        g.DrawRectangle(new XSolidBrush(envColor), x, y, width, 30);
        var ribbonFont = PdfTheme.Bold(13);
        g.DrawString(TextFit.Truncate(g, PdfReportRenderer.EnvironmentLabel(document, text), ribbonFont, width - 20), ribbonFont, XBrushes.White,
            x + 10, y + 15, XStringFormats.CenterLeft);
        y += 46;

        var titleFont = PdfTheme.Bold(22);
        foreach (var line in TextFit.Wrap(g, document.Title, titleFont, width, 2))
        {
            g.DrawString(line, titleFont, new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
            y += 28;
        }
        var productFont = PdfTheme.Regular(13);
        g.DrawString(TextFit.Truncate(g, document.Product, productFont, width), productFont, new XSolidBrush(PdfTheme.Muted), x, y, XStringFormats.TopLeft);
        y += 26;

        y = DrawFacts(g, document, text, x, y, width);
        y = DrawWarnings(g, document, text, x, y, width);

        y += 8;
        g.DrawString(text.HeadlineNumbers, PdfTheme.Bold(12), new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
        y += 20;
        var tileWidth = (width - TileGap) / 2;
        for (var i = 0; i < document.Headlines.Count; i++)
        {
            var tx = x + (i % 2) * (tileWidth + TileGap);
            var ty = y + (i / 2) * (TileHeight + TileGap);
            DrawTile(g, document.Headlines[i], tx, ty, tileWidth);
        }
        y += (document.Headlines.Count + 1) / 2 * (TileHeight + TileGap) + 8;

        DrawContents(g, text, sections, x, y, width);

        var noteFont = PdfTheme.Regular(7);
        var noteLines = TextFit.Wrap(g, text.Footnote, noteFont, width, 3);
        var ny = PdfTheme.ContentBottom - noteLines.Count * 9.5;
        foreach (var line in noteLines)
        {
            g.DrawString(line, noteFont, new XSolidBrush(PdfTheme.Faint), x, ny, XStringFormats.TopLeft);
            ny += 9.5;
        }
    }

    private static double DrawFacts(XGraphics g, ReportDocument document, ReportText text, double x, double y, double width)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(document.ZoneId);
        var offset = zone.GetUtcOffset(document.Window.Start);
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        var utc = $"UTC{sign}{offset.Duration():hh\\:mm}";
        var previousMonday = document.FirstDay.AddDays(-7);

        var facts = new List<(string Label, string Value)>
        {
            (text.IsoWeek, $"{document.Period.Name} · {Day(document.FirstDay, document.Language)} – {Day(document.LastDay, document.Language)}"),
            (text.ComparedWith, $"{document.PreviousPeriodName} · {Day(previousMonday, document.Language)} – {Day(previousMonday.AddDays(6), document.Language)}"),
            (text.TimeZone, $"{document.ZoneId} ({utc})"),
            (text.Generated, PdfReportRenderer.GeneratedAt(document)),
        };
        if (document.Tenant is { } tenant)
            facts.Add((text.Tenant, tenant.DisplayName == tenant.Id ? tenant.Id : $"{tenant.DisplayName} ({tenant.Id})"));

        var labelFont = PdfTheme.Regular(9);
        var valueFont = PdfTheme.Bold(10);
        var labelWidth = facts.Max(f => TextFit.Width(g, f.Label, labelFont)) + 14;
        foreach (var (label, value) in facts)
        {
            g.DrawString(label, labelFont, new XSolidBrush(PdfTheme.Muted), x, y + 1, XStringFormats.TopLeft);
            g.DrawString(TextFit.Truncate(g, value, valueFont, width - labelWidth), valueFont, new XSolidBrush(PdfTheme.Text), x + labelWidth, y, XStringFormats.TopLeft);
            y += 16;
        }
        return y + 4;
    }

    private static double DrawWarnings(XGraphics g, ReportDocument document, ReportText text, double x, double y, double width)
    {
        var warnings = new List<string>();
        if (document.IsPartial)
            warnings.Add(text.Partial);
        warnings.AddRange(document.DataWarnings.Take(4).Select(w => text.IncompleteData + ": " + w));
        if (warnings.Count == 0)
            return y;

        var font = PdfTheme.Regular(8.5);
        var lines = warnings.SelectMany(w => TextFit.Wrap(g, w, font, width - 16, 2)).ToList();
        var height = lines.Count * 11 + 10;
        g.DrawRectangle(new XPen(PdfTheme.Annotation, 0.8), new XSolidBrush(PdfTheme.WarningFill), x, y, width, height);
        var ly = y + 5;
        foreach (var line in lines)
        {
            g.DrawString(line, font, new XSolidBrush(PdfTheme.Text), x + 8, ly, XStringFormats.TopLeft);
            ly += 11;
        }
        return y + height + 6;
    }

    private static void DrawTile(XGraphics g, ReportHeadline headline, double x, double y, double width)
    {
        g.DrawRectangle(new XPen(PdfTheme.Rule, 0.6), new XSolidBrush(PdfTheme.Zebra), x, y, width, TileHeight);
        var accent = headline.Tone switch
        {
            CellTone.Worse => PdfTheme.Worse,
            CellTone.Better => PdfTheme.Better,
            _ => PdfTheme.Faint,
        };
        g.DrawRectangle(new XSolidBrush(accent), x, y, 3, TileHeight);

        var inner = width - 18;
        var left = x + 11;
        var labelFont = PdfTheme.Regular(8);
        g.DrawString(TextFit.Truncate(g, headline.Label, labelFont, inner), labelFont, new XSolidBrush(PdfTheme.Muted), left, y + 7, XStringFormats.TopLeft);
        var valueFont = PdfTheme.Bold(19);
        var valueBrush = new XSolidBrush(headline.RawValue is null ? PdfTheme.Faint : PdfTheme.Text);
        g.DrawString(TextFit.Truncate(g, headline.Value, valueFont, inner), valueFont, valueBrush, left, y + 19, XStringFormats.TopLeft);
        if (headline.Change is { } change)
        {
            var changeFont = PdfTheme.Regular(8.5);
            g.DrawString(TextFit.Truncate(g, change, changeFont, inner), changeFont, new XSolidBrush(accent == PdfTheme.Faint ? PdfTheme.Muted : accent),
                left, y + 44, XStringFormats.TopLeft);
        }
        if (headline.Detail is { } detail)
        {
            var detailFont = PdfTheme.Regular(7.5);
            g.DrawString(TextFit.Truncate(g, detail, detailFont, inner), detailFont, new XSolidBrush(PdfTheme.Muted), left, y + 57, XStringFormats.TopLeft);
        }
    }

    private static void DrawContents(XGraphics g, ReportText text, IReadOnlyList<(string Title, int Page)> sections, double x, double y, double width)
    {
        if (sections.Count == 0)
            return;
        g.DrawString(text.Contents, PdfTheme.Bold(12), new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
        y += 20;
        var font = PdfTheme.Regular(9.5);
        var bottom = PdfTheme.ContentBottom - 40;
        foreach (var (title, page) in sections)
        {
            if (y + 14 > bottom)
                break;
            var number = page.ToString(CultureInfo.InvariantCulture);
            var numberWidth = TextFit.Width(g, number, font);
            var shown = TextFit.Truncate(g, title, font, width - numberWidth - 30);
            g.DrawString(shown, font, new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
            var dotsFrom = x + TextFit.Width(g, shown, font) + 6;
            var dotsTo = x + width - numberWidth - 6;
            if (dotsTo > dotsFrom)
                g.DrawLine(new XPen(PdfTheme.Rule, 0.6) { DashStyle = XDashStyle.Dot }, dotsFrom, y + 9, dotsTo, y + 9);
            g.DrawString(number, font, new XSolidBrush(PdfTheme.Text), x + width, y, XStringFormats.TopRight);
            y += 15;
        }
    }

    private static string Day(DateOnly date, string language) =>
        PdfReportRenderer.Day(date) + " (" + (language == "ja" ? JapaneseDays : EnglishDays)[(int)date.DayOfWeek] + ")";
}
