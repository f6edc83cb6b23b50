using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>
/// A series on a regular grid from <see cref="Start"/> (UTC) every <see cref="Step"/>; a period without a point is NaN,
/// never zero, so detectors can tell "nothing collected" from "nothing happened".
/// </summary>
public sealed record RegularSeries(DateTimeOffset Start, TimeSpan Step, double[] Values)
{
    public int Count => Values.Length;

    public DateTimeOffset End => TimeAt(Count);

    public DateTimeOffset TimeAt(int i) => Start + (Step * i);

    /// <summary>Places points on the grid [start, end); points off the grid go to the period containing them (last one wins).</summary>
    public static RegularSeries FromPoints(IEnumerable<Point> points, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var count = (int)Math.Max(0, (end - start).Ticks / step.Ticks);
        var values = new double[count];
        Array.Fill(values, double.NaN);
        foreach (var p in points)
        {
            var ticks = (p.Timestamp - start).Ticks;
            if (ticks < 0)
                continue;
            var i = ticks / step.Ticks;
            if (i < count && double.IsFinite(p.Value))
                values[i] = p.Value;
        }
        return new RegularSeries(start, step, values);
    }

    /// <summary>Index of the last finite value, or −1.</summary>
    public int LastFinite()
    {
        for (var i = Count - 1; i >= 0; i--)
        {
            if (double.IsFinite(Values[i]))
                return i;
        }
        return -1;
    }

    /// <summary>
    /// Coarser periods of <paramref name="step"/> (a multiple of this step, aligned to the Unix epoch) combined by
    /// <paramref name="combine"/>; a period with less than half of its values present is missing.
    /// </summary>
    public RegularSeries Resample(TimeSpan step, Func<IReadOnlyList<double>, int, double> combine)
    {
        if (step.Ticks % Step.Ticks != 0)
            throw new ArgumentException($"{step} is not a multiple of {Step}.", nameof(step));
        var per = (int)(step.Ticks / Step.Ticks);
        var start = new DateTimeOffset(Start.UtcTicks - (Start.UtcTicks % step.Ticks), TimeSpan.Zero);
        var end = End;
        var count = (int)((end - start).Ticks / step.Ticks) + ((end - start).Ticks % step.Ticks == 0 ? 0 : 1);
        var values = new double[count];
        var bucket = new List<double>(per);
        for (var k = 0; k < count; k++)
        {
            bucket.Clear();
            var periodStart = start + (step * k);
            for (var j = 0; j < per; j++)
            {
                var i = (int)((periodStart - Start).Ticks / Step.Ticks) + j;
                if (i >= 0 && i < Count && double.IsFinite(Values[i]))
                    bucket.Add(Values[i]);
            }
            values[k] = bucket.Count * 2 >= per ? combine(bucket, per) : double.NaN;
        }
        return new RegularSeries(start, step, values);
    }
}
