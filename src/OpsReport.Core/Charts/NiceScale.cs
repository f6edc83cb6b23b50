namespace OpsReport.Core.Charts;

/// <summary>Value-axis ticks at 1, 2, 2.5 or 5 × 10ⁿ that cover the data with about the requested number of ticks.</summary>
public static class NiceScale
{
    public static (double Min, double Max, double Step) Compute(double dataMin, double dataMax, int targetTicks = 5, bool includeZero = true)
    {
        if (targetTicks < 2)
            throw new ArgumentOutOfRangeException(nameof(targetTicks), "At least two ticks are needed.");
        if (double.IsNaN(dataMin) || double.IsNaN(dataMax))
            throw new ArgumentException("Data range must be numbers.");
        if (includeZero)
        {
            dataMin = Math.Min(0, dataMin);
            dataMax = Math.Max(0, dataMax);
        }
        if (dataMax - dataMin < 1e-12)
        {
            // A flat series still needs a visible axis around its value.
            var pad = Math.Abs(dataMax) > 0 ? Math.Abs(dataMax) * 0.5 : 1;
            dataMax += pad;
            if (!includeZero || dataMin < 0)
                dataMin -= pad;
        }
        var step = NiceStep((dataMax - dataMin) / (targetTicks - 1));
        var min = Math.Floor(dataMin / step) * step;
        var max = Math.Ceiling(dataMax / step) * step;
        return (min, max, step);
    }

    public static IReadOnlyList<double> Ticks(double min, double max, double step)
    {
        var ticks = new List<double>();
        var count = (int)Math.Round((max - min) / step);
        for (var i = 0; i <= count; i++)
            ticks.Add(Math.Round(min + i * step, 10));
        return ticks;
    }

    private static double NiceStep(double rough)
    {
        var exponent = Math.Floor(Math.Log10(rough));
        var magnitude = Math.Pow(10, exponent);
        var fraction = rough / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
