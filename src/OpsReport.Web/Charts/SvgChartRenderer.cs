using System.Globalization;
using System.Net;
using System.Text;
using OpsReport.Core.Charts;

namespace OpsReport.Web.Charts;

/// <summary>Draws a Core <see cref="ChartModel"/> as inline SVG: axes with units, gridlines, gaps as gaps, hover titles with exact values.</summary>
public static class SvgChartRenderer
{
    /// <summary>Colour-blind-safe palette (Okabe–Ito order); index by <see cref="ChartSeries.ColorIndex"/>.</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7A6A00", "#000000"];

    private const double MinLeft = 64, Right = 14, Top = 10, Bottom = 34;

    /// <summary>
    /// Chart units one tick-label character needs at the phone stylesheet's 17-unit font (about 0.6 em), so the
    /// left margin holds the longest y label ("1,500 ms") whole instead of clipping its first digit on a 390 px screen.
    /// </summary>
    private const double TickCharWidth = 10.5;

    /// <summary>
    /// Hover targets (a circle with its exact value per point) only while points are at least this many pixels apart;
    /// denser charts are read with the crosshair (the slot grid and <c>data-v</c> below), the table and the CSV.
    /// </summary>
    private const double MinHitSpacing = 8;

    public static string Color(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];

    public static string Render(ChartModel chart, int width = 760, int height = 240)
    {
        var left = Math.Max(MinLeft, 12 + (chart.Y.Ticks.Select(t => t.Label.Length).DefaultIfEmpty(0).Max() * TickCharWidth));
        var plotW = width - left - Right;
        var plotH = height - Top - Bottom;
        var x0 = chart.X.Range.Start.ToUnixTimeSeconds();
        var xSpan = Math.Max(1, chart.X.Range.End.ToUnixTimeSeconds() - x0);
        double X(DateTimeOffset t) => left + (t.ToUnixTimeSeconds() - x0) / (double)xSpan * plotW;
        double Y(double v) => Top + plotH - (v - chart.Y.Min) / Math.Max(1e-12, chart.Y.Max - chart.Y.Min) * plotH;

        // The slot grid (pixel x and local time of each point) drives the hover/keyboard crosshair in app.js.
        var slots = (chart.Series.FirstOrDefault(s => s.Style == SeriesStyle.Current) ?? chart.Series.FirstOrDefault())?.Points ?? [];
        // Sized for the crosshair data (a label per slot, a value per point) and the lines, so the builder is not regrown.
        var sb = new StringBuilder(4096 + (slots.Count * 32) + (chart.Series.Sum(s => s.Points.Count) * 24));
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{E(chart.Title)}\" xmlns=\"http://www.w3.org/2000/svg\"");
        sb.Append(CultureInfo.InvariantCulture, $" data-top=\"{Top:0.#}\" data-bottom=\"{Top + plotH:0.#}\"");
        sb.Append(" data-px=\"").AppendJoin(' ', slots.Select(p => X(p.X).ToString("0.#", CultureInfo.InvariantCulture))).Append('"');
        sb.Append(" data-t=\"");
        AppendJoined(sb, slots.Select(SlotLabel));
        sb.Append("\">");
        sb.Append("<title>").Append(E(chart.Title)).Append("</title>");

        foreach (var band in chart.Bands)
        {
            var color = Color(band.ColorIndex);
            var run = new List<ChartBandPoint>();
            void Flush()
            {
                if (run.Count > 1)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<polygon class=\"range\" fill=\"{color}\" points=\"");
                    foreach (var p in run)
                        sb.Append(CultureInfo.InvariantCulture, $"{X(p.X):0.#},{Y(p.High!.Value):0.#} ");
                    foreach (var p in Enumerable.Reverse(run))
                        sb.Append(CultureInfo.InvariantCulture, $"{X(p.X):0.#},{Y(p.Low!.Value):0.#} ");
                    sb.Append("\"><title>").Append(E(band.Name)).Append("</title></polygon>");
                }
                run.Clear();
            }
            foreach (var p in band.Points)
            {
                if (p.Low is null || p.High is null)
                    Flush();
                else
                    run.Add(p);
            }
            Flush();
        }

        foreach (var tick in chart.Y.Ticks)
        {
            var y = Y(tick.Value);
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{left:0.#}\" x2=\"{width - Right:0.#}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{left - 6:0.#}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{E(tick.Label)}</text>");
        }
        foreach (var tick in chart.X.Ticks)
        {
            var x = X(tick.Value);
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"tickmark\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top + plotH:0.#}\" y2=\"{Top + plotH + 4:0.#}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{x:0.#}\" y=\"{Top + plotH + 16:0.#}\" text-anchor=\"middle\">{E(tick.Label)}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{left:0.#}\" x2=\"{width - Right:0.#}\" y1=\"{Top + plotH:0.#}\" y2=\"{Top + plotH:0.#}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"zone\" x=\"{width - Right:0.#}\" y=\"{height - 4:0.#}\" text-anchor=\"end\">{E(chart.X.ZoneLabel)}</text>");

        foreach (var a in chart.Annotations)
        {
            var x = X(a.From);
            if (a.To is { } to)
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"{(a.IsGap ? "gap" : "band")}\" x=\"{x:0.#}\" y=\"{Top:0.#}\" width=\"{Math.Max(1, X(to) - x):0.#}\" height=\"{plotH:0.#}\"><title>{E(a.Label)}</title></rect>");
            else
                sb.Append(CultureInfo.InvariantCulture, $"<line class=\"{(a.IsDeploy ? "marker deploy" : "marker")}\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top:0.#}\" y2=\"{Top + plotH:0.#}\"><title>{E(a.Label)}</title></line>");
        }

        // Comparison lines first so the current period is drawn on top.
        foreach (var series in chart.Series.OrderBy(s => s.Style == SeriesStyle.Current ? 1 : 0))
        {
            var color = Color(series.ColorIndex);
            var cls = series.Style switch
            {
                SeriesStyle.Comparison => "line comparison",
                SeriesStyle.Threshold => "line threshold",
                _ => "line",
            };
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"series\" data-name=\"{E(series.Name)}\" data-color=\"{color}\" data-v=\"");
            AppendJoined(sb, series.Points.Select(p => p.Value is null ? "" : ValueFormat.Format(p.Value, chart.Unit)));
            sb.Append("\">");
            foreach (var whole in series.Segments)
            {
                // A line never needs more than a few points per pixel column it is drawn across.
                var segment = ChartDownsampler.ToPixelColumns(whole, chart.X.Range, plotW);
                if (segment.Count == 1)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"dot\" cx=\"{X(segment[0].X):0.#}\" cy=\"{Y(segment[0].Value!.Value):0.#}\" r=\"2\" fill=\"{color}\"/>");
                    continue;
                }
                sb.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{cls}\" stroke=\"{color}\" points=\"");
                foreach (var p in segment)
                    sb.Append(CultureInfo.InvariantCulture, $"{X(p.X):0.#},{Y(p.Value!.Value):0.#} ");
                sb.Append("\"/>");
            }
            if (series.Style == SeriesStyle.Current && series.Points.Count * MinHitSpacing <= plotW)
            {
                foreach (var p in series.Points.Where(p => p.Value is not null))
                    sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"hit\" cx=\"{X(p.X):0.#}\" cy=\"{Y(p.Value!.Value):0.#}\" r=\"5\"><title>{E(p.Label)}</title></circle>");
            }
            sb.Append("</g>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The local time of a slot as the crosshair shows it (the comparison series say their own time in their hover titles).</summary>
    private static string SlotLabel(ChartPoint p)
    {
        // Labels are "name · when · value"; the middle part is the local time in the chart's zone.
        var parts = p.Label.Split(" · ");
        return parts.Length >= 3 ? parts[^2] : p.X.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The items encoded one by one and joined with '|' (never encoded), without building the joined string first.</summary>
    private static void AppendJoined(StringBuilder sb, IEnumerable<string> items)
    {
        var first = true;
        foreach (var item in items)
        {
            if (!first)
                sb.Append('|');
            sb.Append(E(item));
            first = false;
        }
    }
}
