using OpsReport.Core.Panels;
using PdfSharp.Drawing;

namespace OpsReport.Reports.Pdf;

/// <summary>
/// Draws a panel table across pages: columns sized to their content, the first (name) column absorbing what is left,
/// text truncated with an ellipsis, headers wrapped to two lines, and the header repeated on every continued page.
/// </summary>
internal static class PdfTableDrawer
{
    private const double Padding = 3.5;
    private const double RowHeight = 13;
    private const double HeaderLineHeight = 8.5;
    private const double CaptionHeight = 12;
    /// <summary>
    /// A table that splits leaves at least this many rows on each side of the break, so a continued page never starts
    /// with one or two stray rows under a repeated header.
    /// </summary>
    private const int MinRowsAtBreak = 3;

    private static XFont CellFont => PdfTheme.Regular(7.5);

    private static XFont HeaderFont => PdfTheme.Bold(7);

    private static XFont CaptionFont => PdfTheme.Regular(7.5);

    /// <summary>Height of the header plus the first rows, which must stay together with what precedes the table.</summary>
    public static double StartHeight(XGraphics g, PanelTable table, double width)
    {
        var layout = Layout(g, table, width);
        return layout.HeaderHeight + Math.Max(1, Math.Min(MinRowsAtBreak, table.Rows.Count)) * RowHeight;
    }

    /// <summary>Height of the whole table drawn on one page.</summary>
    public static double FullHeight(XGraphics g, PanelTable table, double width)
    {
        var layout = Layout(g, table, width);
        return layout.HeaderHeight + Math.Max(1, table.Rows.Count) * RowHeight;
    }

    public static void Draw(PdfPageWriter writer, PanelTable table, double x, double width, string continuedCaption, string noData)
    {
        var layout = Layout(writer.Graphics, table, width);
        if (writer.EnsureSpace(layout.HeaderHeight + Math.Max(1, Math.Min(MinRowsAtBreak, table.Rows.Count)) * RowHeight))
            DrawCaption(writer, x, width, continuedCaption);
        DrawHeader(writer, table, layout, x);

        if (table.Rows.Count == 0)
        {
            writer.Graphics.DrawString(noData, CellFont, new XSolidBrush(PdfTheme.Faint), x + Padding, writer.Y + RowHeight / 2, XStringFormats.CenterLeft);
            writer.Y += RowHeight;
            return;
        }

        var rowsOnPage = 0;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var rowsLeft = table.Rows.Count - r;
            var rowsThatFit = (int)Math.Floor(writer.Remaining / RowHeight);
            // The last rows would split off short: break before them while this page keeps enough rows of its own.
            var breakBeforeTail = rowsLeft == MinRowsAtBreak && rowsThatFit < rowsLeft && rowsOnPage >= MinRowsAtBreak;
            if (breakBeforeTail)
                writer.NewPage();
            if (breakBeforeTail || writer.EnsureSpace(RowHeight))
            {
                DrawCaption(writer, x, width, continuedCaption);
                DrawHeader(writer, table, layout, x);
                rowsOnPage = 0;
            }
            DrawRow(writer, table.Rows[r], layout, x, zebra: r % 2 == 1);
            rowsOnPage++;
        }
        writer.Graphics.DrawLine(new XPen(PdfTheme.Rule, 0.5), x, writer.Y, x + width, writer.Y);
    }

    private static void DrawCaption(PdfPageWriter writer, double x, double width, string caption)
    {
        var g = writer.Graphics;
        g.DrawString(TextFit.Truncate(g, caption, CaptionFont, width), CaptionFont, new XSolidBrush(PdfTheme.Muted), x, writer.Y, XStringFormats.TopLeft);
        writer.Y += CaptionHeight;
    }

    private static void DrawHeader(PdfPageWriter writer, PanelTable table, TableLayout layout, double x)
    {
        var g = writer.Graphics;
        var top = writer.Y;
        g.DrawRectangle(new XSolidBrush(PdfTheme.HeaderFill), x, top, layout.Widths.Sum(), layout.HeaderHeight);
        var brush = new XSolidBrush(PdfTheme.Text);
        var cx = x;
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var inner = layout.Widths[c] - 2 * Padding;
            var lines = TextFit.Wrap(g, table.Columns[c], HeaderFont, inner, 2);
            // Bottom-align header lines so one- and two-line headers share a baseline with the first row.
            var ly = top + layout.HeaderHeight - 3 - lines.Count * HeaderLineHeight;
            foreach (var line in lines)
            {
                if (layout.RightAligned[c])
                    g.DrawString(line, HeaderFont, brush, cx + layout.Widths[c] - Padding, ly, XStringFormats.TopRight);
                else
                    g.DrawString(line, HeaderFont, brush, cx + Padding, ly, XStringFormats.TopLeft);
                ly += HeaderLineHeight;
            }
            cx += layout.Widths[c];
        }
        writer.Y += layout.HeaderHeight;
    }

    private static void DrawRow(PdfPageWriter writer, IReadOnlyList<PanelCell> row, TableLayout layout, double x, bool zebra)
    {
        var g = writer.Graphics;
        if (zebra)
            g.DrawRectangle(new XSolidBrush(PdfTheme.Zebra), x, writer.Y, layout.Widths.Sum(), RowHeight);
        var cx = x;
        var mid = writer.Y + RowHeight / 2;
        for (var c = 0; c < layout.Widths.Length; c++)
        {
            var cell = c < row.Count ? row[c] : PanelCell.Missing;
            var text = TextFit.Truncate(g, cell.Text, CellFont, layout.Widths[c] - 2 * Padding);
            var brush = new XSolidBrush(cell.Tone switch
            {
                CellTone.Worse => PdfTheme.Worse,
                CellTone.Better => PdfTheme.Better,
                CellTone.Missing => PdfTheme.Faint,
                _ => PdfTheme.Text,
            });
            if (layout.RightAligned[c])
                g.DrawString(text, CellFont, brush, cx + layout.Widths[c] - Padding, mid, XStringFormats.CenterRight);
            else
                g.DrawString(text, CellFont, brush, cx + Padding, mid, XStringFormats.CenterLeft);
            cx += layout.Widths[c];
        }
        writer.Y += RowHeight;
    }

    private static TableLayout Layout(XGraphics g, PanelTable table, double width)
    {
        var n = table.Columns.Count;
        var cellMax = new double[n];
        var rightAligned = new bool[n];
        for (var c = 0; c < n; c++)
        {
            var cells = table.Rows.Where(r => c < r.Count).Select(r => r[c]).ToList();
            cellMax[c] = cells.Select(cell => TextFit.Width(g, cell.Text, CellFont)).DefaultIfEmpty(0).Max();
            // A column of numbers (every present cell has a raw value) reads best right-aligned.
            var present = cells.Where(cell => cell.Tone != CellTone.Missing).ToList();
            rightAligned[c] = c > 0 && present.Count > 0 && present.All(cell => cell.Value is not null);
        }

        var natural = new double[n];
        var content = new double[n];
        for (var c = 0; c < n; c++)
        {
            var header = table.Columns[c];
            natural[c] = Math.Max(cellMax[c], TextFit.Width(g, header, HeaderFont)) + 2 * Padding;
            content[c] = Math.Max(cellMax[c], TwoLineWidth(g, header)) + 2 * Padding;
        }

        var widths = Fit(natural, content, rightAligned, width);
        var headerLines = 1;
        for (var c = 0; c < n; c++)
        {
            if (TextFit.Width(g, table.Columns[c], HeaderFont) > widths[c] - 2 * Padding)
                headerLines = 2;
        }
        return new TableLayout(widths, rightAligned, headerLines * HeaderLineHeight + 6);
    }

    /// <summary>The narrowest width that holds the header in two lines, split at a space.</summary>
    private static double TwoLineWidth(XGraphics g, string header)
    {
        var best = TextFit.Width(g, header, HeaderFont);
        for (var i = header.IndexOf(' ', StringComparison.Ordinal); i > 0; i = header.IndexOf(' ', i + 1))
            best = Math.Min(best, Math.Max(TextFit.Width(g, header[..i], HeaderFont), TextFit.Width(g, header[(i + 1)..], HeaderFont)));
        return best;
    }

    /// <summary>
    /// Widths in order of preference: everything on one line; cells whole with headers in two lines; numbers whole and
    /// the text columns (names) sharing the rest, truncated; finally everything scaled down.
    /// </summary>
    private static double[] Fit(double[] natural, double[] content, bool[] numeric, double width)
    {
        const double MinTextWidth = 60;
        var n = natural.Length;
        var widths = new double[n];
        var all = Enumerable.Range(0, n).ToList();
        if (natural.Sum() <= width)
        {
            Array.Copy(natural, widths, n);
            // Names gain most from spare room; numbers only need a little air.
            var extra = width - natural.Sum();
            for (var c = 0; c < n; c++)
                widths[c] += n == 1 ? extra : c == 0 ? extra * 0.5 : extra * 0.5 / (n - 1);
            return widths;
        }
        if (content.Sum() <= width)
        {
            Array.Copy(content, widths, n);
            Grow(widths, natural, all, width - widths.Sum());
            return widths;
        }

        // Text will be truncated anyway: numbers stay whole, with one-line headers when that still leaves room.
        var text = all.Where(c => !numeric[c]).ToList();
        var textMinimum = text.Sum(c => Math.Min(content[c], MinTextWidth));
        foreach (var numberWidths in new[] { natural, content })
        {
            var numbers = all.Where(c => numeric[c]).Sum(c => numberWidths[c]);
            if (text.Count == 0 || numbers + textMinimum > width)
                continue;
            for (var c = 0; c < n; c++)
                widths[c] = numeric[c] ? numberWidths[c] : Math.Min(content[c], MinTextWidth);
            Grow(widths, content, text, width - widths.Sum());
            return widths;
        }

        var scale = width / content.Sum();
        for (var c = 0; c < n; c++)
            widths[c] = content[c] * scale;
        return widths;
    }

    /// <summary>Shares <paramref name="spare"/> among the columns in proportion to how far each is below its target width.</summary>
    private static void Grow(double[] widths, double[] target, IReadOnlyList<int> columns, double spare)
    {
        var wanted = columns.Select(c => Math.Max(0, target[c] - widths[c])).ToList();
        var total = wanted.Sum();
        var given = 0.0;
        for (var i = 0; i < columns.Count; i++)
        {
            var share = total > 0 ? Math.Min(wanted[i], spare * wanted[i] / total) : 0;
            widths[columns[i]] += share;
            given += share;
        }
        if (spare - given > 0.01 && columns.Count > 0)
            widths[columns[0]] += spare - given;
    }

    private sealed record TableLayout(double[] Widths, bool[] RightAligned, double HeaderHeight);
}
