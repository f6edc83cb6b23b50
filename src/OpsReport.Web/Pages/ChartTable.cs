using OpsReport.Core.Charts;
using OpsReport.Core.Panels;

namespace OpsReport.Web.Pages;

/// <summary>The numbers of a chart as a table: one row per point in time, one column per line (and band bound).</summary>
public static class ChartTable
{
    /// <summary>More rows than this are offered as CSV only; a page of thousands of rows helps nobody.</summary>
    public const int MaxHtmlRows = 400;

    /// <summary>Nor more cells than this (rows × columns): a week of hourly points for six lines is a CSV, not a page.</summary>
    public const int MaxHtmlCells = 800;

    /// <summary>Rows and columns <see cref="From"/> would make, without formatting a cell.</summary>
    public static (int Rows, int Columns) SizeOf(ChartModel chart) =>
        (Slots(chart).Count, 1 + chart.Series.Count + (2 * chart.Bands.Count));

    /// <summary>True when the chart's table is small enough to be part of the page; larger ones are offered as CSV only.</summary>
    public static bool FitsPage(ChartModel chart)
    {
        var (rows, columns) = SizeOf(chart);
        return rows <= MaxHtmlRows && rows * (long)columns <= MaxHtmlCells;
    }

    private static IReadOnlyList<ChartPoint> Slots(ChartModel chart) =>
        (chart.Series.FirstOrDefault(s => s.Style == SeriesStyle.Current) ?? chart.Series.FirstOrDefault())?.Points ?? [];

    public static PanelTable From(ChartModel chart, string timeColumn)
    {
        var columns = new List<string> { timeColumn };
        columns.AddRange(chart.Series.Select(s => chart.Unit.Length > 0 ? $"{s.Name} ({chart.Unit})" : s.Name));
        foreach (var band in chart.Bands)
        {
            columns.Add(band.Name + " low");
            columns.Add(band.Name + " high");
        }
        var slots = Slots(chart);
        var rows = new List<IReadOnlyList<PanelCell>>(slots.Count);
        for (var i = 0; i < slots.Count; i++)
        {
            var row = new List<PanelCell> { new(TimeOf(slots[i])) };
            foreach (var s in chart.Series)
                row.Add(Cell(i < s.Points.Count ? s.Points[i].Value : null, chart.Unit));
            foreach (var band in chart.Bands)
            {
                row.Add(Cell(i < band.Points.Count ? band.Points[i].Low : null, chart.Unit));
                row.Add(Cell(i < band.Points.Count ? band.Points[i].High : null, chart.Unit));
            }
            rows.Add(row);
        }
        return new PanelTable(columns, rows);
    }

    private static PanelCell Cell(double? value, string unit) =>
        value is null ? PanelCell.Missing : new PanelCell(ValueFormat.Format(value, unit), value);

    /// <summary>The local time from the point's label ("name · when · value"), so the table reads like the axis.</summary>
    private static string TimeOf(ChartPoint p)
    {
        var parts = p.Label.Split(" · ");
        return parts.Length >= 3 ? parts[^2] : p.X.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }
}
