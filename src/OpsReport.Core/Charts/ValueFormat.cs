using System.Globalization;
using OpsReport.Core.Text;

namespace OpsReport.Core.Charts;

/// <summary>
/// Formats numbers with their unit the way people read them: "1.2 s", "3.4 GB", "45 %", "$12.30", "12.3k". A missing
/// value is the catalog's "no data" in the reader's <c>language</c> (English when none is given), never a number.
/// </summary>
public static class ValueFormat
{
    public static string Format(double? value, string unit, CultureInfo? culture = null, string? language = null)
    {
        if (value is not { } v)
            return Missing(language);
        var c = culture ?? CultureInfo.InvariantCulture;
        return unit switch
        {
            "ms" => v >= 1000 ? (v / 1000).ToString(v >= 10_000 ? "0" : "0.00", c) + " s" : v.ToString(v >= 100 ? "0" : "0.0", c) + " ms",
            "%" => v.ToString("0.0", c) + " %",
            "USD" => "$" + v.ToString(Math.Abs(v) >= 1000 ? "#,##0" : "#,##0.00", c),
            "bytes" => Bytes(v, c),
            "count" => Count(v, c),
            "ratio" => v.ToString("0.0", c) + "×",
            _ => v.ToString("#,##0.##", c) + (unit.Length > 0 ? " " + unit : ""),
        };
    }

    /// <summary>A signed relative change, e.g. "+12 %", or "new" when there was nothing before.</summary>
    public static string Change(double? current, double? previous, CultureInfo? culture = null, string? language = null)
    {
        if (current is not { } c || previous is not { } p)
            return Missing(language);
        if (p == 0)
            return c == 0 ? "±0 %" : TextCatalog.Get(language, "value.new");
        var pct = (c - p) / Math.Abs(p) * 100;
        var sign = pct > 0 ? "+" : pct < 0 ? "−" : "±";
        return sign + Math.Abs(pct).ToString(Math.Abs(pct) >= 10 ? "0" : "0.0", culture ?? CultureInfo.InvariantCulture) + " %";
    }

    /// <summary>What a missing value reads as, in the reader's language.</summary>
    public static string Missing(string? language) => TextCatalog.Get(language, "common.noData");

    /// <summary>
    /// The labels of one axis in one unit: a latency axis reaching a second is in seconds throughout ("0 s", "2.5 s",
    /// "5 s"), never "0.0 ms" beside "2.50 s"; other units format each tick as usual.
    /// </summary>
    public static IReadOnlyList<string> AxisLabels(IReadOnlyList<double> ticks, string unit, CultureInfo? culture = null)
    {
        var c = culture ?? CultureInfo.InvariantCulture;
        if (unit != "ms" || ticks.Count == 0)
            return ticks.Select(t => Format(t, unit, c)).ToList();
        var seconds = ticks.Max(Math.Abs) >= 1000;
        var scaled = ticks.Select(t => seconds ? t / 1000 : t).ToList();
        var decimals = Enumerable.Range(0, 3).FirstOrDefault(d => scaled.All(v => Math.Abs(Math.Round(v, d) - v) < 1e-9), 2);
        var format = decimals == 0 ? "0" : "0." + new string('0', decimals);
        return scaled.Select(v => v.ToString(format, c) + (seconds ? " s" : " ms")).ToList();
    }

    /// <summary>A signed difference of two percentages in points, e.g. "+17.1" (the unit word is the reader's language's).</summary>
    public static string Points(double points, CultureInfo? culture = null)
    {
        var rounded = Math.Round(points, 1);
        var sign = rounded > 0 ? "+" : rounded < 0 ? "−" : "±";
        return sign + Math.Abs(rounded).ToString("0.0", culture ?? CultureInfo.InvariantCulture);
    }

    private static string Bytes(double v, CultureInfo c)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        var i = 0;
        var abs = Math.Abs(v);
        while (abs >= 1000 && i < units.Length - 1)
        {
            abs /= 1000;
            v /= 1000;
            i++;
        }
        return v.ToString(abs >= 100 || i == 0 ? "0" : "0.0", c) + " " + units[i];
    }

    private static string Count(double v, CultureInfo c)
    {
        var abs = Math.Abs(v);
        return abs switch
        {
            >= 1_000_000 => (v / 1_000_000).ToString("0.0", c) + "M",
            >= 10_000 => (v / 1000).ToString("0", c) + "k",
            >= 1000 => (v / 1000).ToString("0.0", c) + "k",
            _ => v.ToString("0", c),
        };
    }
}
