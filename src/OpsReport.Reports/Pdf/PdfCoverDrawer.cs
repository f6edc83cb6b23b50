using System.Globalization;
using OpsReport.Core.Panels;
using PdfSharp.Drawing;

namespace OpsReport.Reports.Pdf;

/// <summary>
/// The cover: environment ribbon, title, the period and its zone, what is missing (if anything), the sentences that
/// matter, headline tiles with arrows against the previous period, and the contents.
/// </summary>
internal static class PdfCoverDrawer
{
    private const double TileHeight = 70;
    private const double TileGap = 8;
    private const int TileColumns = 3;
    private const int MaxWarningLines = 6;

    public static void Draw(XGraphics g, ReportDocument document, ReportText text, IReadOnlyList<(string Title, int Page)> sections)
    {
        var x = PdfTheme.Margin;
        var width = PdfTheme.ContentWidth;
        var y = PdfTheme.ContentTop + 4;

        var envColor = PdfTheme.EnvironmentColor(document);
        g.DrawRectangle(new XSolidBrush(envColor), x, y, width, 28);
        var ribbonFont = PdfTheme.Bold(12.5);
        g.DrawString(TextFit.Truncate(g, PdfReportRenderer.EnvironmentLabel(document, text), ribbonFont, width - 20), ribbonFont, XBrushes.White,
            x + 10, y + 14, XStringFormats.CenterLeft);
        y += 40;

        var titleFont = PdfTheme.Bold(21);
        foreach (var line in TextFit.Wrap(g, document.Title, titleFont, width, 2))
        {
            g.DrawString(line, titleFont, new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
            y += 26;
        }
        var productFont = PdfTheme.Regular(12);
        var subtitle = document.Product + (document.Tenant is { } t ? " · " + t.DisplayName : "");
        g.DrawString(TextFit.Truncate(g, subtitle, productFont, width), productFont, new XSolidBrush(PdfTheme.Muted), x, y, XStringFormats.TopLeft);
        y += 22;

        y = DrawFacts(g, document, text, x, y, width);
        y = DrawWarnings(g, document, text, x, y, width);
        y = DrawHighlights(g, document, text, x, y, width);

        g.DrawString(text.HeadlineNumbers, PdfTheme.Bold(11.5), new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
        y += 18;
        var tileWidth = (width - (TileColumns - 1) * TileGap) / TileColumns;
        for (var i = 0; i < document.Headlines.Count; i++)
        {
            var tx = x + (i % TileColumns) * (tileWidth + TileGap);
            var ty = y + (i / TileColumns) * (TileHeight + TileGap);
            DrawTile(g, document.Headlines[i], tx, ty, tileWidth);
        }
        y += (document.Headlines.Count + TileColumns - 1) / TileColumns * (TileHeight + TileGap) + 8;

        var noteFont = PdfTheme.Regular(7);
        // A tenant's report has no cost: its footnote does not explain billing days.
        var noteLines = TextFit.Wrap(g, document.Tenant is null ? text.Footnote : text.TenantFootnote, noteFont, width, 3);
        var noteTop = PdfTheme.ContentBottom - noteLines.Count * 9.5;
        DrawContents(g, text, sections, x, y, width, noteTop - 8);
        foreach (var line in noteLines)
        {
            g.DrawString(line, noteFont, new XSolidBrush(PdfTheme.Faint), x, noteTop, XStringFormats.TopLeft);
            noteTop += 9.5;
        }
    }

    private static double DrawFacts(XGraphics g, ReportDocument document, ReportText text, double x, double y, double width)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(document.ZoneId);
        var offset = zone.GetUtcOffset(document.Window.Start);
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        var utc = $"UTC{sign}{offset.Duration():hh\\:mm}";
        var endOffset = zone.GetUtcOffset(document.Window.End.AddSeconds(-1));
        if (endOffset != offset)
            utc += $" → UTC{(endOffset < TimeSpan.Zero ? "−" : "+")}{endOffset.Duration():hh\\:mm}";
        var previous = document.Period.Previous;

        var facts = new List<(string Label, string Value)>
        {
            (text.PeriodLabel(document.Period), Describe(document.Period, document.Language)),
            (text.ComparedWith, Describe(previous, document.Language)),
            (text.TimeZone, $"{document.ZoneId} ({utc})"),
            (text.Generated, PdfReportRenderer.GeneratedAt(document)),
        };
        if (document.Tenant is { } tenant)
            facts.Add((text.Tenant, tenant.DisplayName == tenant.Id ? tenant.Id : $"{tenant.DisplayName} ({tenant.Id})"));
        if (!string.IsNullOrWhiteSpace(document.Audience))
            facts.Add((text.Audience, document.Audience));

        var labelFont = PdfTheme.Regular(8.5);
        var valueFont = PdfTheme.Bold(9.5);
        var labelWidth = facts.Max(f => TextFit.Width(g, f.Label, labelFont)) + 14;
        foreach (var (label, value) in facts)
        {
            g.DrawString(label, labelFont, new XSolidBrush(PdfTheme.Muted), x, y + 1, XStringFormats.TopLeft);
            g.DrawString(TextFit.Truncate(g, value, valueFont, width - labelWidth), valueFont, new XSolidBrush(PdfTheme.Text), x + labelWidth, y, XStringFormats.TopLeft);
            y += 14.5;
        }
        return y + 6;
    }

    /// <summary>A partial period and every missing stretch of data, in a box that cannot be missed.</summary>
    private static double DrawWarnings(XGraphics g, ReportDocument document, ReportText text, double x, double y, double width)
    {
        var warnings = new List<string>();
        if (!document.HasData)
            warnings.Add(text.NoDataAtAll);
        if (document.IsPartial)
            warnings.Add(text.Partial);
        var gaps = document.DataWarnings;
        warnings.AddRange(gaps.Take(4).Select(w => text.IncompleteData + ": " + w));
        if (gaps.Count > 4)
            warnings.Add(ReportText.Format(text.GapsMoreFormat, gaps.Count - 4));
        if (warnings.Count == 0)
            return y;

        var font = PdfTheme.Regular(8.5);
        var lines = warnings.SelectMany(w => TextFit.Wrap(g, w, font, width - 16, 2)).Take(MaxWarningLines).ToList();
        var height = lines.Count * 11 + 10;
        g.DrawRectangle(new XPen(PdfTheme.Annotation, 0.8), new XSolidBrush(PdfTheme.WarningFill), x, y, width, height);
        var ly = y + 5;
        foreach (var line in lines)
        {
            g.DrawString(line, font, new XSolidBrush(PdfTheme.Text), x + 8, ly, XStringFormats.TopLeft);
            ly += 11;
        }
        return y + height + 8;
    }

    /// <summary>The three to five sentences that matter, as a bulleted list (each at most three lines).</summary>
    private static double DrawHighlights(XGraphics g, ReportDocument document, ReportText text, double x, double y, double width)
    {
        if (document.Highlights.Count == 0)
            return y + 4;
        g.DrawString(text.Highlights, PdfTheme.Bold(11.5), new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
        y += 18;
        var font = PdfTheme.Regular(9);
        foreach (var sentence in document.Highlights)
        {
            g.DrawEllipse(new XSolidBrush(PdfTheme.EnvironmentColor(document)), x + 2, y + 3.5, 3.6, 3.6);
            foreach (var line in TextFit.Wrap(g, sentence, font, width - 14, 3))
            {
                g.DrawString(line, font, new XSolidBrush(PdfTheme.Text), x + 12, y, XStringFormats.TopLeft);
                y += 11.5;
            }
            y += 3;
        }
        return y + 8;
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

        var inner = width - 16;
        var left = x + 10;
        var labelFont = PdfTheme.Regular(7.5);
        g.DrawString(TextFit.Truncate(g, headline.Label, labelFont, inner), labelFont, new XSolidBrush(PdfTheme.Muted), left, y + 6, XStringFormats.TopLeft);

        var valueFont = PdfTheme.Bold(17);
        var valueBrush = new XSolidBrush(headline.RawValue is null ? PdfTheme.Faint : PdfTheme.Text);
        var arrow = headline.Direction switch { > 0 => "▲", < 0 => "▼", _ => null };
        var arrowFont = PdfTheme.Regular(10);
        var arrowWidth = arrow is null ? 0 : TextFit.Width(g, arrow, arrowFont) + 4;
        var value = TextFit.Truncate(g, headline.Value, valueFont, inner - arrowWidth);
        g.DrawString(value, valueFont, valueBrush, left, y + 16, XStringFormats.TopLeft);
        if (arrow is not null)
        {
            // The arrow says which way the number moved; its colour says whether that is good (red worse, green better).
            var arrowColor = accent == PdfTheme.Faint ? PdfTheme.Muted : accent;
            g.DrawString(arrow, arrowFont, new XSolidBrush(arrowColor), left + TextFit.Width(g, value, valueFont) + 4, y + 22, XStringFormats.TopLeft);
        }
        if (headline.Change is { } change)
        {
            var changeFont = PdfTheme.Regular(7.5);
            g.DrawString(TextFit.Truncate(g, change, changeFont, inner), changeFont, new XSolidBrush(accent == PdfTheme.Faint ? PdfTheme.Muted : accent),
                left, y + 39, XStringFormats.TopLeft);
        }
        if (headline.Detail is { } detail)
        {
            // Two lines: the detail names the path or tenant, which is often long and is what people look for.
            var detailFont = PdfTheme.Regular(7);
            var dy = y + 50;
            foreach (var line in TextFit.Wrap(g, detail, detailFont, inner, 2))
            {
                g.DrawString(line, detailFont, new XSolidBrush(PdfTheme.Muted), left, dy, XStringFormats.TopLeft);
                dy += 8.5;
            }
        }
    }

    private static void DrawContents(XGraphics g, ReportText text, IReadOnlyList<(string Title, int Page)> sections, double x, double y, double width, double bottom)
    {
        // The contents only appear when they fit whole; half a table of contents would look like a rendering error.
        if (sections.Count == 0 || y + 18 + sections.Count * 14 > bottom)
            return;
        g.DrawString(text.Contents, PdfTheme.Bold(11.5), new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
        y += 18;
        var font = PdfTheme.Regular(9);
        foreach (var (title, page) in sections)
        {
            var number = page.ToString(CultureInfo.InvariantCulture);
            var numberWidth = TextFit.Width(g, number, font);
            var shown = TextFit.Truncate(g, title, font, width - numberWidth - 30);
            g.DrawString(shown, font, new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
            var dotsFrom = x + TextFit.Width(g, shown, font) + 6;
            var dotsTo = x + width - numberWidth - 6;
            if (dotsTo > dotsFrom)
                g.DrawLine(new XPen(PdfTheme.Rule, 0.6) { DashStyle = XDashStyle.Dot }, dotsFrom, y + 8.5, dotsTo, y + 8.5);
            g.DrawString(number, font, new XSolidBrush(PdfTheme.Text), x + width, y, XStringFormats.TopRight);
            y += 14;
        }
    }

    private static string Describe(ReportPeriod period, string language) => period.Kind switch
    {
        ReportPeriodKind.Day => $"{period.Name} ({DayName(period.FirstDay, language)})",
        ReportPeriodKind.Week => $"{period.Name} · {Day(period.FirstDay, language)} – {Day(period.LastDay, language)}",
        _ => $"{Day(period.FirstDay, language)} – {Day(period.LastDay, language)} ({ReportText.Format(ReportText.For(language).DaysFormat, period.Days.ToString(CultureInfo.InvariantCulture))})",
    };

    private static string Day(DateOnly date, string language) => PdfReportRenderer.Day(date) + " (" + DayName(date, language) + ")";

    private static string DayName(DateOnly date, string language) => ReportText.For(language).Culture.DateTimeFormat.GetAbbreviatedDayName(date.DayOfWeek);
}
