using OpsReport.Core.Configuration;

namespace OpsReport.Core.Analysis.Anomaly;

/// <summary>
/// Finds anomaly episodes in any series at its own resolution (1 minute to 1 day): single-point spikes and dips, drops
/// to zero, level shifts up and down, and bursts that come and go. Each point is judged against the median and tail
/// percentiles of the trailing window before it (robust to the anomalies it contains, usable after a day of history);
/// once several weeks exist and the series has a weekly rhythm, against the same time of week instead. Detections close
/// together are one episode, dated from its onset.
/// </summary>
/// <remarks>
/// Sizes are measured in tail sigmas, (p99 − median) / 2.33 above and (median − p1) / 2.33 below, never smaller than the
/// interquartile sigma: a series that is bursty by nature has wide tails and needs a bigger move to count. A spike must
/// also beat every value of the window, so a series' recurring batch peaks are not news. Cost: O(n · log w) comparisons.
/// </remarks>
public sealed class SeriesAnomalyDetector
{
    private const double TailQuantile = 0.999;
    private const double TailSigmas = 3.09;
    private const double IqrSigmas = 1.349;
    private const int LocalPoints = 6;
    private const double ZeroRunChance = 1e-5;

    private readonly AnomalyOptions _options;

    public SeriesAnomalyDetector(AnomalyOptions options) => _options = options;

    /// <summary>Every episode of the series, oldest first. <paramref name="axis"/> (local time) enables the weekly baseline.</summary>
    public IReadOnlyList<SeriesAnomaly> Detect(RegularSeries series, TimeAxis? axis = null)
    {
        var o = _options;
        var n = series.Count;
        var result = new List<SeriesAnomaly>();
        if (n == 0)
            return result;
        var (work, expected) = Prepare(series, axis);
        var seasonal = expected is not null;
        var step = series.Step.Ticks;
        var window = (int)Math.Clamp(o.BaselineWindow.Ticks / step, o.MinBaselinePoints, o.MaxBaselinePoints);
        var r = o.ShiftPoints;
        var gap = Math.Max(1, (int)Math.Ceiling(o.MergeGap.Ticks / (double)step));
        var day = (int)Math.Clamp(TimeSpan.TicksPerDay / step, 4, 500);
        var history = new SlidingQuantiles(window + 1);
        // Jumps against the few points before: seasonality and drift cancel out, so abrupt changes show at any time of day.
        var jumps = new double[n];
        for (var i = 0; i < n; i++)
            jumps[i] = double.IsFinite(work[i]) ? work[i] - LocalMedian(work, i - LocalPoints, i) : double.NaN;
        var jumpHistory = new SlidingQuantiles(window + 1);
        // An hour-long burst and a rise of a few hours (at 5 minutes): the span and a third of it.
        SpanLevels[] sustained = [new(work, Math.Max(4, o.SustainedPoints / 3), window), new(work, o.SustainedPoints, window)];
        Episode? open = null;

        for (var i = 0; i < n; i++)
        {
            // The baseline ends where the run being judged begins: [i − r − window + 1, i − r].
            var enter = i - r;
            if (enter >= 0 && double.IsFinite(work[enter]))
                history.Add(work[enter]);
            var leave = enter - window;
            if (leave >= 0 && double.IsFinite(work[leave]))
                history.Remove(work[leave]);
            if (enter >= 0 && double.IsFinite(jumps[enter]))
                jumpHistory.Add(jumps[enter]);
            if (leave >= 0 && double.IsFinite(jumps[leave]))
                jumpHistory.Remove(jumps[leave]);
            foreach (var span in sustained)
                span.Advance(i);

            if (open is not null && i - open.LastOutside > gap)
            {
                result.Add(Close(open, series, work, expected, i - 1, ended: true));
                open = null;
            }
            var x = work[i];
            if (!double.IsFinite(x) || history.Count < o.MinHistoryPoints)
                continue;
            var b = Baseline.Of(history);

            if (open is not null && (open.Up ? x > b.Median + (o.ContinueZ * b.SigmaUp) : x < b.Median - (o.ContinueZ * b.SigmaDown)))
                open.Extend(i, x);

            if ((Judge(i, work, history, b, day) ?? JudgeJump(i, work, jumps, jumpHistory)
                ?? (open is null ? JudgeSustained(i, work, sustained[0]) ?? JudgeSustained(i, work, sustained[1]) : null)) is not { } found)
                continue;
            if (open is not null && found.Up == open.Up)
            {
                open.Extend(i, x);
                continue;
            }
            // A jump back after an episode is its end, not a new episode the other way.
            if (open is not null && found.Local)
                continue;
            if (open is not null)
            {
                result.Add(Close(open, series, work, expected, i - 1, ended: true));
                open = null;
            }
            open = new Episode(found.Onset, found.Up, b, found.Zero);
            for (var j = found.Onset; j <= i; j++)
            {
                if (double.IsFinite(work[j]))
                    open.Extend(j, work[j]);
            }
        }
        if (open is not null)
            result.Add(Close(open, series, work, expected, n - 1, ended: n - 1 - open.LastOutside > gap));
        return result;
    }

    private readonly record struct Detection(int Onset, bool Up, bool Zero, bool Local = false);

    private Detection? Judge(int i, double[] work, SlidingQuantiles history, Baseline b, int day)
    {
        var o = _options;
        var x = work[i];
        var r = o.ShiftPoints;

        // One point far outside everything the window has seen, or a new record well past the window's highest value
        // (a series whose own batch peaks widen its tails still shows a peak clearly above all of them).
        var before = LocalMedian(work, i - LocalPoints, i);
        var up = x - b.Median;
        var record = up >= o.RecordZ * b.SigmaUp && up >= o.RecordMargin * (history.Max - b.Median);
        if ((up >= o.SpikeZ * b.SigmaUp || record) && x > history.Max && Abrupt(x, before, up))
            return new Detection(Onset(work, i, (b.Median + x) / 2, true), true, false);
        var down = b.Median - x;
        if (down >= o.SpikeZ * b.SigmaDown && x < history.Min && Abrupt(before, x, down))
            return new Detection(Onset(work, i, (b.Median + x) / 2, false), false, false);
        // Zero from a window that never touched it: the source stopped sending or traffic collapsed.
        if (x <= 0 && history.Min > 0 && !(before <= 0) && down >= o.ShiftZ * b.SigmaDown)
            return new Detection(Onset(work, i, history.Min / 2, false), false, true);

        // A run of points that left the range together: a level shift or a burst (dips and drops alike).
        var first = i - r + 1;
        if (first < 0)
            return null;
        // Zeros where zeros happen now and then (low counts): a run of them longer than chance allows.
        if (x <= 0 && history.Min <= 0 && b.Median > 0)
        {
            var share = history.ShareAtMost(0);
            var length = 0;
            for (var j = i; j >= 0 && !(work[j] > 0); j--)
                length += double.IsFinite(work[j]) ? 1 : 0;
            // Unless zeros have become common lately: that is the new normal after a drop, not another drop.
            if (share < 0.5 && length >= r && Math.Pow(share, length) < ZeroRunChance && RecentZeroShare(work, i - length + 1, day) <= Math.Max(2 * share, 0.05))
                return new Detection(Onset(work, i, 0.5 * Math.Min(b.Median, history.Quantile(0.25) + 1e-9), false), false, true);
        }
        Span<double> run = stackalloc double[r];
        var count = 0;
        for (var j = first; j <= i; j++)
        {
            if (double.IsFinite(work[j]))
                run[count++] = work[j];
        }
        if (count < Math.Max(2, r - 1))
            return null;
        run = run[..count];
        var runBefore = LocalMedian(work, first - LocalPoints, first);
        int above = 0, below = 0;
        double runMin = double.PositiveInfinity, runMax = double.NegativeInfinity;
        foreach (var v in run)
        {
            above += v > b.High ? 1 : 0;
            below += v < b.Low ? 1 : 0;
            runMin = Math.Min(runMin, v);
            runMax = Math.Max(runMax, v);
        }
        var level = RobustStatistics.MedianInPlace(run);
        up = level - b.Median;
        if (above >= count - 1 && up >= o.ShiftZ * b.SigmaUp
            && (Abrupt(level, runBefore, up) || (up >= o.FarZ * b.SigmaUp && runMin > history.Max)))
        {
            return new Detection(Onset(work, first, b.Median + (up / 2), true), true, false);
        }
        down = b.Median - level;
        if (below >= count - 1 && down >= o.ShiftZ * b.SigmaDown
            && (Abrupt(runBefore, level, down) || (down >= o.FarZ * b.SigmaDown && runMax < history.Min)))
        {
            return new Detection(Onset(work, first, b.Median - (down / 2), false), false, false);
        }
        return null;
    }

    // Against the local level: a point or run that jumped further than any jump of the window, in tail sigmas of the jumps.
    private Detection? JudgeJump(int i, double[] work, double[] jumps, SlidingQuantiles history)
    {
        if (history.Count < _options.MinHistoryPoints)
            return null;
        var o = _options;
        var b = Baseline.Of(history);
        var d = jumps[i];
        if (d - b.Median >= o.SpikeZ * b.SigmaUp && d > history.Max)
            return new Detection(i, true, false, true);
        if (b.Median - d >= o.SpikeZ * b.SigmaDown && d < history.Min)
            return new Detection(i, false, false, true);
        var first = i - o.ShiftPoints + 1;
        if (first < 0)
            return null;
        var before = LocalMedian(work, first - LocalPoints, first);
        var run = LocalMedian(work, first, i + 1);
        if (!double.IsFinite(before) || !double.IsFinite(run))
            return null;
        var jump = run - before;
        if (jump - b.Median >= o.ShiftZ * b.SigmaUp && jump > b.High)
            return new Detection(Onset(work, first, before + (jump / 2), true), true, false, true);
        if (b.Median - jump >= o.ShiftZ * b.SigmaDown && jump < b.Low)
            return new Detection(Onset(work, first, before + (jump / 2), false), false, false, true);
        return null;
    }

    // A span of hours whose level (median) is well above every span of the window, with nearly all of its points above the
    // usual level: a sustained rise that no single point shows. Rises only: in real series, spans sitting low are mostly
    // quiet nights and pauses, and drops that matter go far enough for the point and run tests. It opens an episode, never
    // extends one: the span stays high for a while after the points are back.
    private Detection? JudgeSustained(int i, double[] work, SpanLevels spans)
    {
        var o = _options;
        var levels = spans.History;
        var level = spans.Level(i);
        if (levels.Count < Math.Max(o.MinHistoryPoints, 4 * spans.Points) || !double.IsFinite(level) || !(level > levels.Max))
            return null;
        var median = levels.Quantile(0.5);
        var first = i - spans.Points + 1;
        if (level - median < o.SustainedMargin * (levels.Max - median) || ShareAbove(work, first, i, median) < o.SustainedShare)
            return null;
        return new Detection(Onset(work, first, median + ((level - median) / 2), true), true, false, true);
    }

    private static double ShareAbove(double[] work, int from, int to, double value)
    {
        int above = 0, count = 0;
        for (var j = Math.Max(0, from); j <= to; j++)
        {
            if (!double.IsFinite(work[j]))
                continue;
            count++;
            above += work[j] > value ? 1 : 0;
        }
        return count == 0 ? 0 : (double)above / count;
    }

    private static double RecentZeroShare(double[] work, int before, int points)
    {
        int zeros = 0, finite = 0;
        for (var j = Math.Max(0, before - points); j < before; j++)
        {
            if (!double.IsFinite(work[j]))
                continue;
            finite++;
            zeros += work[j] <= 0 ? 1 : 0;
        }
        return finite == 0 ? 0 : (double)zeros / finite;
    }

    // The move against the points just before must be a good share of the move against the baseline.
    private bool Abrupt(double higher, double lower, double move) =>
        !double.IsFinite(lower) || higher - lower >= _options.AbruptShare * move;

    // Walk back from the first point past the halfway mark to where the run of such points began.
    private static int Onset(double[] work, int from, double halfway, bool up)
    {
        var i = from;
        while (i < work.Length && double.IsFinite(work[i]) && !(up ? work[i] > halfway : work[i] < halfway))
            i++;
        if (i >= work.Length || !double.IsFinite(work[i]))
            i = from;
        var j = i;
        for (var k = i - 1; k >= Math.Max(0, i - 1000); k--)
        {
            if (!double.IsFinite(work[k]))
                continue;
            if (!(up ? work[k] > halfway : work[k] < halfway))
                break;
            j = k;
        }
        return j;
    }

    private static double LocalMedian(double[] work, int from, int to)
    {
        Span<double> values = stackalloc double[LocalPoints];
        var count = 0;
        for (var j = Math.Max(0, from); j < to && count < LocalPoints; j++)
        {
            if (double.IsFinite(work[j]))
                values[count++] = work[j];
        }
        return count == 0 ? double.NaN : RobustStatistics.MedianInPlace(values[..count]);
    }

    private SeriesAnomaly Close(Episode e, RegularSeries series, double[] work, double[]? expected, int last, bool ended)
    {
        var o = _options;
        var values = series.Values;
        var baseline = e.Baseline.Median + (expected is null ? 0 : Finite(expected[e.Start]));
        var inEpisode = new List<double>();
        for (var j = e.Start; j <= e.LastOutside; j++)
        {
            if (double.IsFinite(values[j]))
                inEpisode.Add(values[j]);
        }
        var level = RobustStatistics.Median(inEpisode);
        var sigma = e.Up ? e.Baseline.SigmaUp : e.Baseline.SigmaDown;
        var z = Math.Abs(e.PeakWork - e.Baseline.Median) / sigma;

        // Still away from the level before it, judged against the baseline frozen at the onset: a new level. After an
        // episode the moving baseline has absorbed, that is the points since; at the end of the data, the last few.
        var tail = new List<double>();
        for (var j = ended ? e.LastOutside + 1 : Math.Max(e.Start, last - (3 * o.ShiftPoints) + 1); j <= last; j++)
        {
            if (double.IsFinite(work[j]))
                tail.Add(work[j]);
        }
        var now = RobustStatistics.Median(tail);
        var persists = double.IsFinite(now) && (e.Up
            ? now > e.Baseline.Median + (o.ContinueZ * e.Baseline.SigmaUp)
            : now < e.Baseline.Median - (o.ContinueZ * e.Baseline.SigmaDown));
        var points = e.LastOutside - e.Start + 1;
        var shape = e.Zero || (!e.Up && level <= 0) ? AnomalyShape.DropToZero
            : persists ? AnomalyShape.LevelShift
            : points <= o.SpikeMaxPoints ? (e.Up ? AnomalyShape.Spike : AnomalyShape.Dip)
            : e.Up ? AnomalyShape.Burst : AnomalyShape.Drop;
        var end = ended && !persists ? series.TimeAt(e.LastOutside + 1) : (DateTimeOffset?)null;
        return new SeriesAnomaly(series.TimeAt(e.Start), end, e.Up ? AnomalyDirection.Up : AnomalyDirection.Down, shape,
            baseline, level, values[e.PeakIndex], z, points, expected is not null);
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;

    // The weekly profile as the baseline, when weeks of history exist and it explains a good part of the spread.
    private (double[] Work, double[]? Expected) Prepare(RegularSeries series, TimeAxis? axis)
    {
        var values = series.Values;
        var o = _options;
        if (axis is null || series.Step > TimeSpan.FromHours(1) || TimeSpan.TicksPerDay % series.Step.Ticks != 0
            || series.Step * series.Count < TimeSpan.FromDays(7 * o.SeasonalMinWeeks))
        {
            return (values, null);
        }
        // Neighbouring slots (±30 min) smooth the profile of fine-grained series.
        var half = (int)Math.Min(6, TimeSpan.FromMinutes(30).Ticks / series.Step.Ticks);
        var expected = new double[values.Length];
        var samples = new List<double>(4 * ((2 * half) + 1));
        for (var i = 0; i < values.Length; i++)
        {
            samples.Clear();
            for (var w = 1; w <= 4; w++)
            {
                var j = axis.DaysBack(i, 7 * w);
                if (j < 0)
                    break;
                for (var k = Math.Max(0, j - half); k <= Math.Min(values.Length - 1, j + half); k++)
                {
                    if (double.IsFinite(values[k]))
                        samples.Add(values[k]);
                }
            }
            expected[i] = samples.Count >= 2 * ((2 * half) + 1) ? RobustStatistics.Median(samples) : double.NaN;
        }
        var residual = new double[values.Length];
        var raw = new List<double>();
        var rest = new List<double>();
        for (var i = 0; i < values.Length; i++)
        {
            residual[i] = values[i] - expected[i];
            if (double.IsFinite(residual[i]))
            {
                raw.Add(values[i]);
                rest.Add(residual[i]);
            }
        }
        if (rest.Count < 7 * 24)
            return (values, null);
        var rawSpread = RobustStatistics.Quantile(raw, 0.9) - RobustStatistics.Quantile(raw, 0.1);
        var restSpread = RobustStatistics.Quantile(rest, 0.9) - RobustStatistics.Quantile(rest, 0.1);
        return restSpread <= (1 - o.SeasonalMinExplained) * rawSpread ? (residual, expected) : (values, null);
    }

    private readonly record struct Baseline(double Median, double Low, double High, double SigmaUp, double SigmaDown)
    {
        public static Baseline Of(SlidingQuantiles h)
        {
            var median = h.Quantile(0.5);
            var low = h.Quantile(0.01);
            var high = h.Quantile(0.99);
            var iqr = (h.Quantile(0.75) - h.Quantile(0.25)) / IqrSigmas;
            // A flat series still needs a unit: a millionth of its level keeps rounding noise from counting.
            var floor = 1e-6 * Math.Max(1, Math.Abs(median));
            return new Baseline(median, low, high,
                Math.Max(Math.Max((h.Quantile(TailQuantile) - median) / TailSigmas, iqr), floor),
                Math.Max(Math.Max((median - h.Quantile(1 - TailQuantile)) / TailSigmas, iqr), floor));
        }
    }

    private sealed class Episode(int start, bool up, Baseline baseline, bool zero)
    {
        public int Start { get; } = start;

        public bool Up { get; } = up;

        public Baseline Baseline { get; } = baseline;

        public bool Zero { get; } = zero;

        public int LastOutside { get; private set; } = start;

        public int PeakIndex { get; private set; } = start;

        public double PeakWork { get; private set; } = double.NaN;

        public void Extend(int i, double work)
        {
            LastOutside = Math.Max(LastOutside, i);
            if (double.IsNaN(PeakWork) || (Up ? work > PeakWork : work < PeakWork))
            {
                PeakWork = work;
                PeakIndex = i;
            }
        }
    }
}
