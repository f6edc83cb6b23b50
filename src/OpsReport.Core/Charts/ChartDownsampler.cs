namespace OpsReport.Core.Charts;

/// <summary>
/// Reduces a line to what its drawing can show: per pixel column the first, lowest, highest and last point (M4), so the
/// drawn line, its peaks included, looks the same with at most four points per column. The chart's table and CSV keep
/// every point.
/// </summary>
public static class ChartDownsampler
{
    /// <summary>The points of <paramref name="segment"/> (in time order) worth drawing across <paramref name="columns"/> pixel columns of <paramref name="range"/>.</summary>
    public static IReadOnlyList<ChartPoint> ToPixelColumns(IReadOnlyList<ChartPoint> segment, Domain.TimeWindow range, double columns)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.Count <= 4 || segment.Count <= columns || columns < 1)
            return segment;
        var start = range.Start.ToUnixTimeSeconds();
        var span = Math.Max(1.0, range.End.ToUnixTimeSeconds() - start);
        var result = new List<ChartPoint>((int)Math.Min(segment.Count, columns * 4));
        var i = 0;
        while (i < segment.Count)
        {
            var column = Column(segment[i]);
            var first = i;
            int min = i, max = i;
            var j = i + 1;
            for (; j < segment.Count && Column(segment[j]) == column; j++)
            {
                if (segment[j].Value < segment[min].Value)
                    min = j;
                if (segment[j].Value > segment[max].Value)
                    max = j;
            }
            var last = j - 1;
            result.Add(segment[first]);
            // Lowest and highest in their time order, so the line goes down and up the way the data did.
            var (a, b) = min <= max ? (min, max) : (max, min);
            if (a != first && a != last)
                result.Add(segment[a]);
            if (b != first && b != last && b != a)
                result.Add(segment[b]);
            if (last != first)
                result.Add(segment[last]);
            i = j;
        }
        return result;

        long Column(ChartPoint p) => (long)Math.Floor((p.X.ToUnixTimeSeconds() - start) / span * columns);
    }
}
