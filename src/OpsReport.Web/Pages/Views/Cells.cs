using OpsReport.Core.Charts;
using OpsReport.Core.Panels;

namespace OpsReport.Web.Pages.Views;

/// <summary>Table cells for the views: a value with its unit, a change against before (worse in red), a ratio.</summary>
internal static class Cells
{
    public static PanelCell Value(double? value, string unit) =>
        value is null ? PanelCell.Missing : new PanelCell(ValueFormat.Format(value, unit), value);

    public static PanelCell Text(string text) => new(text);

    public static PanelCell Change(double? current, double? previous, bool higherIsWorse = true, double threshold = 10)
    {
        if (current is null || previous is null)
            return PanelCell.Missing;
        double? pct = previous == 0 ? null : (current - previous) / Math.Abs(previous.Value) * 100;
        var tone = pct is null || Math.Abs(pct.Value) < threshold ? CellTone.Neutral : (pct > 0) == higherIsWorse ? CellTone.Worse : CellTone.Better;
        return new PanelCell(ValueFormat.Change(current, previous), pct, tone);
    }

    public static PanelCell Ratio(double? ratio, double worseAt = 2) =>
        ratio is null ? PanelCell.Missing : new PanelCell(ValueFormat.Format(ratio, "ratio"), ratio, ratio >= worseAt ? CellTone.Worse : CellTone.Neutral);

    public static PanelCell Money(double? delta) => PanelQueries.DifferenceCell(delta);

    /// <summary>The change of a percentage in points ("+17.1 points"), never a relative change of a percentage.</summary>
    public static PanelCell Points(double? current, double? previous, PageContext page, double threshold = 5)
    {
        if (current is not { } c || previous is not { } p)
            return PanelCell.Missing;
        var points = c - p;
        var tone = Math.Abs(points) < threshold ? CellTone.Neutral : points > 0 ? CellTone.Worse : CellTone.Better;
        return new PanelCell(page.F("common.points", ValueFormat.Points(points)), points, tone);
    }

    public static PanelCell Percent(double? share) =>
        share is null ? PanelCell.Missing : new PanelCell(ValueFormat.Format(share * 100, "%"), share * 100);
}
