using OpsReport.Core.Charts;
using PdfSharp.Drawing;

namespace OpsReport.Reports.Pdf;

/// <summary>
/// Draws a <see cref="ChartModel"/> as vector graphics: gridlines, axis labels, one polyline per gap-free segment
/// (a gap stays a gap), the comparison period dashed and lighter, annotations and a legend.
/// </summary>
internal static class PdfChartDrawer
{
    private const double TitleHeight = 13;

    /// <summary>The plot's height when the page has room; a layout that would otherwise leave a scrap page draws it lower.</summary>
    public const double PlotHeight = 140;
    private const double XLabelHeight = 13;
    private const double LegendRowHeight = 11;
    private const double LegendSample = 16;
    private const double LegendGap = 12;
    private const double LegendMaxName = 220;

    private static XFont TitleFont => PdfTheme.Bold(8.5);

    private static XFont LabelFont => PdfTheme.Regular(6.5);

    private static XFont LegendFont => PdfTheme.Regular(7);

    public static double Height(XGraphics g, ChartModel chart, double width, double plotHeight) =>
        TitleHeight + plotHeight + XLabelHeight + LegendRows(g, chart, width).Count * LegendRowHeight + 2;

    public static void Draw(XGraphics g, ChartModel chart, double x, double y, double width, double plotHeight, string zoneNote, string noData)
    {
        g.DrawString(TextFit.Truncate(g, chart.Title, TitleFont, width * 0.7), TitleFont, new XSolidBrush(PdfTheme.Text), x, y, XStringFormats.TopLeft);
        var zone = TextFit.Truncate(g, zoneNote, LabelFont, width * 0.28);
        g.DrawString(zone, LabelFont, new XSolidBrush(PdfTheme.Faint), x + width, y + 1.5, XStringFormats.TopRight);

        // Without data the value axis would show a made-up 0–1 scale; missing must not read as zero.
        var yLabelWidth = chart.HasData ? chart.Y.Ticks.Select(t => TextFit.Width(g, t.Label, LabelFont)).DefaultIfEmpty(0).Max() : 0;
        var plot = new XRect(x + yLabelWidth + 5, y + TitleHeight + 3, width - yLabelWidth - 5 - 4, plotHeight - 3);

        if (chart.HasData)
            DrawValueAxis(g, chart, plot);
        DrawTimeAxis(g, chart, plot);
        g.DrawRectangle(new XPen(PdfTheme.Rule, 0.5), plot);

        if (chart.HasData)
        {
            g.Save();
            g.IntersectClip(plot);
            DrawAnnotations(g, chart, plot);
            foreach (var series in chart.Series.OrderBy(s => s.Style == SeriesStyle.Current ? 1 : 0))
                DrawSeries(g, chart, series, plot);
            g.Restore();
        }
        else
        {
            g.DrawString(noData, PdfTheme.Regular(9), new XSolidBrush(PdfTheme.Faint), plot, XStringFormats.Center);
        }

        var legendTop = plot.Bottom + XLabelHeight + 1;
        foreach (var row in LegendRows(g, chart, width))
        {
            foreach (var item in row)
            {
                var ly = legendTop + LegendRowHeight / 2 - 0.5;
                g.DrawLine(Pen(item.Series, 1.4), x + item.X, ly, x + item.X + LegendSample, ly);
                g.DrawString(item.Name, LegendFont, new XSolidBrush(PdfTheme.Muted), x + item.X + LegendSample + 3, legendTop + 1, XStringFormats.TopLeft);
            }
            legendTop += LegendRowHeight;
        }
    }

    private static void DrawValueAxis(XGraphics g, ChartModel chart, XRect plot)
    {
        var grid = new XPen(PdfTheme.Grid, 0.5);
        var brush = new XSolidBrush(PdfTheme.Muted);
        foreach (var tick in chart.Y.Ticks)
        {
            var ty = ValueY(chart, plot, tick.Value);
            if (ty < plot.Top - 0.5 || ty > plot.Bottom + 0.5)
                continue;
            g.DrawLine(grid, plot.Left, ty, plot.Right, ty);
            g.DrawString(tick.Label, LabelFont, brush, plot.Left - 3, ty, XStringFormats.CenterRight);
        }
    }

    private static void DrawTimeAxis(XGraphics g, ChartModel chart, XRect plot)
    {
        var grid = new XPen(PdfTheme.Grid, 0.5) { DashStyle = XDashStyle.Dot };
        var brush = new XSolidBrush(PdfTheme.Muted);
        var lastRight = double.NegativeInfinity;
        foreach (var tick in chart.X.Ticks)
        {
            var tx = TimeX(chart, plot, tick.Value);
            if (tx < plot.Left - 0.5 || tx > plot.Right + 0.5)
                continue;
            g.DrawLine(grid, tx, plot.Top, tx, plot.Bottom);
            g.DrawLine(new XPen(PdfTheme.Faint, 0.5), tx, plot.Bottom, tx, plot.Bottom + 2.5);
            var w = TextFit.Width(g, tick.Label, LabelFont);
            // Labels centre on their tick but never leave the plot or overlap the previous one.
            var left = Math.Clamp(tx - w / 2, plot.Left, plot.Right - w);
            if (left < lastRight + 4)
                continue;
            g.DrawString(tick.Label, LabelFont, brush, left, plot.Bottom + 3.5, XStringFormats.TopLeft);
            lastRight = left + w;
        }
    }

    private static void DrawAnnotations(XGraphics g, ChartModel chart, XRect plot)
    {
        var pen = new XPen(PdfTheme.Annotation, 0.8) { DashStyle = XDashStyle.Dash };
        // Deploys are solid, in the palette's green: they are events, not estimates.
        var deployPen = new XPen(PdfTheme.SeriesColor(2), 0.8);
        var band = new XSolidBrush(XColor.FromArgb(40, PdfTheme.Faint));
        var brush = new XSolidBrush(PdfTheme.Text);
        foreach (var a in chart.Annotations)
        {
            var from = TimeX(chart, plot, a.From);
            if (a.To is { } to)
            {
                var right = TimeX(chart, plot, to);
                g.DrawRectangle(band, from, plot.Top, Math.Max(0.5, right - from), plot.Height);
            }
            else
            {
                g.DrawLine(a.IsDeploy ? deployPen : pen, from, plot.Top, from, plot.Bottom);
            }
            // Deploys of several services at one time would print on top of each other: the note under the chart names them.
            if (a.IsDeploy)
                continue;
            var label = TextFit.Truncate(g, a.Label, LabelFont, 120);
            g.DrawString(label, LabelFont, brush, from + 2, plot.Top + 2, XStringFormats.TopLeft);
        }
    }

    private static void DrawSeries(XGraphics g, ChartModel chart, ChartSeries series, XRect plot)
    {
        var pen = Pen(series, series.Style == SeriesStyle.Current ? 1.1 : 0.9);
        var dot = new XSolidBrush(pen.Color);
        foreach (var segment in series.Segments)
        {
            var points = segment.Select(p => new XPoint(TimeX(chart, plot, p.X), ValueY(chart, plot, p.Value!.Value))).ToArray();
            if (points.Length == 1)
                g.DrawEllipse(dot, points[0].X - 1.2, points[0].Y - 1.2, 2.4, 2.4);
            else
                g.DrawLines(pen, points);
        }
    }

    private static XPen Pen(ChartSeries series, double width)
    {
        var color = PdfTheme.SeriesColor(series.ColorIndex);
        return series.Style switch
        {
            SeriesStyle.Comparison => new XPen(PdfTheme.Lighter(color, 0.45), width) { DashStyle = XDashStyle.Dash, LineJoin = XLineJoin.Round },
            SeriesStyle.Threshold => new XPen(PdfTheme.Faint, width * 0.8) { DashStyle = XDashStyle.Dot },
            _ => new XPen(color, width) { LineJoin = XLineJoin.Round },
        };
    }

    private static double TimeX(ChartModel chart, XRect plot, DateTimeOffset t)
    {
        var range = chart.X.Range;
        var seconds = range.Duration.TotalSeconds;
        return seconds <= 0 ? plot.Left : plot.Left + (t - range.Start).TotalSeconds / seconds * plot.Width;
    }

    private static double ValueY(ChartModel chart, XRect plot, double v)
    {
        var span = chart.Y.Max - chart.Y.Min;
        return span <= 0 ? plot.Bottom : plot.Bottom - (v - chart.Y.Min) / span * plot.Height;
    }

    private static List<List<LegendItem>> LegendRows(XGraphics g, ChartModel chart, double width)
    {
        var rows = new List<List<LegendItem>>();
        var row = new List<LegendItem>();
        var cursor = 0.0;
        foreach (var series in chart.Series)
        {
            var name = TextFit.Truncate(g, series.Name, LegendFont, Math.Min(LegendMaxName, width - LegendSample - 3));
            var itemWidth = LegendSample + 3 + TextFit.Width(g, name, LegendFont);
            if (row.Count > 0 && cursor + itemWidth > width)
            {
                rows.Add(row);
                row = [];
                cursor = 0;
            }
            row.Add(new LegendItem(series, name, cursor));
            cursor += itemWidth + LegendGap;
        }
        if (row.Count > 0)
            rows.Add(row);
        return rows;
    }

    private sealed record LegendItem(ChartSeries Series, string Name, double X);
}
