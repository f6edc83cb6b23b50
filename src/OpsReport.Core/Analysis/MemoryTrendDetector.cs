using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>
/// A memory leak, even one that restarts hide: restarts are found as sudden drops, growth is measured inside the
/// segments between them (Theil–Sen slope, Mann–Kendall significance), and the finding says when the threshold would be
/// reached without a restart. Flat, noisy-but-stable and warm-up-then-plateau series are not leaks.
/// </summary>
public sealed class MemoryTrendDetector(AnalysisOptions options, AnalysisCalendar calendar)
{
    /// <summary>The trend of the last <see cref="AnalysisOptions.MemoryWindowDays"/> days, or null with too little data to say.</summary>
    /// <remarks>
    /// Memory also follows load through the day, and restarts often come at the same hour every day, so a slope fitted
    /// inside a day-long segment mostly measures the load curve. Growth is therefore read where the daily pattern cancels:
    /// between the same hour on consecutive days inside segments longer than a day, and, for segments a day or shorter,
    /// from the drop at each restart (what built up since the previous one, measured an hour either side).
    /// </remarks>
    public MemoryTrend? Analyze(RegularSeries utilization, DateTimeOffset now)
    {
        var hourly = utilization.Step < TimeSpan.FromHours(1)
            ? utilization.Resample(TimeSpan.FromHours(1), (values, _) => values.Average())
            : utilization;
        var from = now - TimeSpan.FromDays(options.MemoryWindowDays);
        var x = new List<double>();
        var y = new List<double>();
        var times = new List<DateTimeOffset>();
        for (var i = 0; i < hourly.Count; i++)
        {
            var t = hourly.TimeAt(i);
            if (t < from || t >= now || !double.IsFinite(hourly.Values[i]))
                continue;
            x.Add((t - from).TotalHours);
            y.Add(hourly.Values[i]);
            times.Add(t);
        }
        if (y.Count < options.MemoryMinPoints)
            return null;

        var starts = RestartIndexes(y, x, options.MemoryMinRestartDrop, out var scheduledHour);
        // Drops every few hours are a garbage collector or autoscaling at work, not restarts: no segments then.
        if (starts.Count > 2 && RobustStatistics.Median(starts.Zip(starts.Skip(1), (a, b) => x[b] - x[a])) < 12)
            starts = [0];
        var noise = RobustStatistics.MadToSigma * RobustStatistics.Mad(y.Zip(y.Skip(1), (a, b) => b - a));
        var segments = new List<(int From, int To)>();
        for (var k = 0; k < starts.Count; k++)
            segments.Add((starts[k], k + 1 < starts.Count ? starts[k + 1] : y.Count));
        // Same local hour and same kind of day (working day or day off): Friday afternoon is not compared with Saturday's.
        var blockOf = times.Select(t => (calendar.Zone.ToLocal(t).Hour * 2) + (calendar.IsOffDay(calendar.LocalDate(t)) ? 1 : 0)).ToList();
        var evidence = segments.Select((s, k) => SegmentGrowth(x, y, blockOf, s, k + 1 < segments.Count)).ToList();
        var rates = evidence.Select(e => e.PairSlopes.Count >= 6 ? RobustStatistics.Median(e.PairSlopes) : e.Drop ?? double.NaN).ToList();
        var usable = Enumerable.Range(0, segments.Count).Where(k => double.IsFinite(rates[k])).ToList();
        if (usable.Count == 0)
            return new MemoryTrend(0, 0, starts.Count - 1, y[^1], y.Max(), x[^1] - x[0], null, times[0], true, false);

        var first = RegimeStart(usable.Select(k => segments[k]).ToList(), usable.Select(k => rates[k]).ToList());
        var regime = usable.Skip(first).ToList();
        var (slope, z) = Pooled(evidence, regime, noise);
        var slopePerDay = slope * 24;

        // Where the regime begins: at the restart that started it, or inside the segment before it when growth began
        // without a visible restart (the leak's deploy may not have dropped memory much).
        var sinceIndex = segments[regime[0]].From;
        var sinceIsWindowStart = first == 0;
        if (first > 0 && rates[regime[0]] > rates[usable[first - 1]])
        {
            var previous = usable[first - 1];
            if (GrowthOnset(x, y, blockOf, segments[previous], slope) is { } estimate)
            {
                // Leaks come with deploys: an onset within four hours (about the estimate's own uncertainty for a slow
                // rise in noise) of the usual restart hour is taken to be that deploy.
                var onset = estimate;
                if (scheduledHour >= 0)
                {
                    for (var i = Math.Max(segments[previous].From, estimate - 4); i <= Math.Min(segments[previous].To - 1, estimate + 4); i++)
                    {
                        if ((int)x[i] % 24 == scheduledHour)
                            onset = i;
                    }
                }
                // The leak's first hours, before the restart that opened the regime, are evidence too.
                sinceIndex = onset;
                evidence[previous] = SegmentGrowth(x, y, blockOf, (onset, segments[previous].To), true);
                regime.Insert(0, previous);
                (slope, z) = Pooled(evidence, regime, noise);
                slopePerDay = slope * 24;
            }
        }
        else if (segments.Count == 1 && GrowthOnset(x, y, blockOf, segments[0], slope) is { } onset && onset >= 12)
        {
            // No restarts at all, and growth began inside the window: measure it from there.
            sinceIndex = onset;
            sinceIsWindowStart = false;
            var trimmed = SegmentGrowth(x, y, blockOf, (onset, segments[regime[0]].To), regime[0] + 1 < segments.Count);
            evidence[regime[0]] = trimmed;
            (slope, z) = Pooled(evidence, regime, noise);
            slopePerDay = slope * 24;
        }

        var last = segments[^1];
        var lastSlice = Slice(y, last);
        var current = lastSlice.Count >= 3
            ? TheilSen.Intercept(Slice(x, last), lastSlice, slope) + (slope * x[^1])
            : RobustStatistics.Median(lastSlice);
        current = Math.Clamp(current, 0, 100);
        var peak = y.Skip(sinceIndex).Max();
        var longest = segments.Where(s => s.To > sinceIndex).Max(s => x[s.To - 1] - x[Math.Max(s.From, sinceIndex)]);
        var restarts = starts.Count(s => s > sinceIndex);

        double? daysToLimit = slopePerDay > 0 ? Math.Max(0, (options.MemoryThresholdPercent - current) / slopePerDay) : null;
        // A leak grows at much the same rate run after run; the climbs of a garbage-collected heap between its drops do not.
        var regimeRates = regime.Select(k => rates[k]).Where(double.IsFinite).ToList();
        var steady = regimeRates.Count < 3
            || RobustStatistics.Mad(regimeRates) <= 0.5 * Math.Abs(RobustStatistics.Median(regimeRates));
        var isLeak = slopePerDay >= options.MemoryMinGrowthPerDay && z >= options.MemorySignificantZ && steady
            && daysToLimit is { } d && d <= options.MemoryHorizonDays;
        return new MemoryTrend(slopePerDay, z, restarts, current, peak, longest, daysToLimit, times[sinceIndex], sinceIsWindowStart, isLeak);
    }

    // Growth evidence of one segment: its values grouped by local hour and kind of day (within a group the load curve
    // cancels, as in the seasonal Kendall test), and the growth rate the restart that ends it reveals.
    private static Growth SegmentGrowth(List<double> x, List<double> y, List<int> blockOf, (int From, int To) s, bool endsInRestart)
    {
        var blocks = new Dictionary<int, (List<double> X, List<double> Y)>();
        // A drop picked out of noise ends its segment on a high and starts the next on a low: the hours next to a
        // restart would bias growth up.
        var usableFrom = s.From == 0 ? 0 : Math.Min(s.To, s.From + 3);
        var usableTo = endsInRestart ? Math.Max(usableFrom, s.To - 3) : s.To;
        for (var i = usableFrom; i < usableTo; i++)
        {
            if (!blocks.TryGetValue(blockOf[i], out var block))
                blocks[blockOf[i]] = block = ([], []);
            block.X.Add(x[i]);
            block.Y.Add(y[i]);
        }
        double? drop = null;
        var length = x[s.To - 1] - x[s.From];
        if (endsInRestart && length >= 12 && s.To + 1 < y.Count)
        {
            var before = RobustStatistics.Median(Range(y, Math.Max(s.From, s.To - 2), s.To));
            var after = RobustStatistics.Median(Range(y, s.To, Math.Min(y.Count, s.To + 2)));
            drop = (before - after) / Math.Max(1, length);
        }
        var same = blocks.Values.Where(b => b.X.Count >= 2).Select(b => ((IReadOnlyList<double>)b.X, (IReadOnlyList<double>)b.Y)).ToList();
        return new Growth(same, TheilSen.PairSlopes(same), drop, length);
    }

    // One slope over the regime (the median of both kinds of evidence, so neither a warm-up after each restart nor one
    // odd segment decides it) and the stronger of two scores: the seasonal Mann–Kendall z over the same-hour blocks, and
    // a t score of the restart-revealed rates whose spread is floored at what hour-to-hour noise alone gives, so a
    // handful of very regular drops counts as the evidence it is.
    private static (double Slope, double Z) Pooled(List<Growth> evidence, List<int> regime, double noise)
    {
        var pairs = regime.SelectMany(k => evidence[k].PairSlopes).ToList();
        var withDrop = regime.Where(k => evidence[k].Drop is not null).ToList();
        var drops = withDrop.Select(k => evidence[k].Drop!.Value).ToList();
        // Warm-up, not a leak: after a long run without restart memory dropped no more than after a short one, so its
        // growth stops. A leak's drop grows with the time since the previous restart.
        // (One long run may just hide a restart that was missed; it takes two to tell.)
        var typical = withDrop.Count > 0 ? RobustStatistics.Median(withDrop.Select(k => evidence[k].Hours)) : 0;
        var longRuns = withDrop.Where(k => evidence[k].Hours >= 1.5 * typical).ToList();
        var shortRuns = withDrop.Except(longRuns).ToList();
        if (longRuns.Count >= 2 && shortRuns.Count >= 2)
        {
            double Size(int k) => evidence[k].Drop!.Value * evidence[k].Hours;
            var sizeRatio = RobustStatistics.Median(longRuns.Select(Size)) / RobustStatistics.Median(shortRuns.Select(Size));
            var lengthRatio = RobustStatistics.Median(longRuns.Select(k => evidence[k].Hours)) / RobustStatistics.Median(shortRuns.Select(k => evidence[k].Hours));
            if (sizeRatio < 1 + (0.4 * (lengthRatio - 1)))
                drops = [];
        }
        var all = pairs.Concat(drops).ToList();
        if (all.Count == 0)
            return (0, 0);
        var zSeasonal = pairs.Count >= 12 ? MannKendall.Test(regime.SelectMany(k => evidence[k].Blocks).Select(b => b.Y)).Z : 0;
        var zDrops = 0.0;
        if (drops.Count >= 3)
        {
            var hours = RobustStatistics.Median(regime.Where(k => evidence[k].Drop is not null).Select(k => evidence[k].Hours));
            var spread = Math.Max(RobustStatistics.MadToSigma * RobustStatistics.Mad(drops), 2 * noise / Math.Max(1, hours));
            zDrops = RobustStatistics.Median(drops) / (spread / Math.Sqrt(drops.Count));
        }
        return (RobustStatistics.Median(all), Math.Abs(zSeasonal) >= Math.Abs(zDrops) ? zSeasonal : zDrops);
    }

    private sealed record Growth(List<(IReadOnlyList<double> X, IReadOnlyList<double> Y)> Blocks, List<double> PairSlopes, double? Drop, double Hours);

    public Finding? Detect(string environment, MemoryTrendInput input, DateTimeOffset now)
    {
        var trend = Analyze(input.Utilization, now);
        if (trend is not { IsLeak: true, DaysToLimit: { } days })
            return null;
        var numbers = new Dictionary<string, double>
        {
            [Facts.SlopePerDay] = Math.Round(trend.SlopePerDay, 2),
            [Facts.MannKendallZ] = Math.Round(trend.Z, 1),
            [Facts.CurrentPercent] = Math.Round(trend.CurrentPercent, 1),
            [Facts.PeakPercent] = Math.Round(trend.PeakPercent, 1),
            [Facts.ThresholdPercent] = options.MemoryThresholdPercent,
            [Facts.DaysToLimit] = Math.Round(days, 1),
            [Facts.LimitAt] = (now + TimeSpan.FromDays(days)).ToUnixTimeSeconds(),
            [Facts.Restarts] = trend.Restarts,
            [Facts.LongestRunHours] = Math.Round(trend.LongestRunHours),
        };
        var severity = days <= options.MemoryCriticalDays ? Severity.Critical : days <= options.MemoryWarningDays ? Severity.Warning : Severity.Info;
        return new Finding(environment, FindingKind.MemoryTrend, input.Subject, trend.Since, null, severity, FindingState.Open, "", "",
            numbers, FindingUrls.Overview(environment, trend.Since, now, "memory"), now)
        {
            Labels = new Dictionary<string, string>
            {
                [Facts.LabelService] = input.Subject,
                [Facts.LabelBaseline] = trend.SinceIsWindowStart ? "window" : "onset",
            },
        };
    }

    /// <summary>
    /// Indexes where a segment starts: 0 and every restart. A restart is a drop well beyond the hour-to-hour noise that
    /// stays down, or a drop at an hour of the day where, on a good third of the days, memory drops far more than it
    /// moves at any other hour (a scheduled restart or deploy, whose drop is small when it restarts often).
    /// </summary>
    internal static List<int> RestartIndexes(IReadOnlyList<double> y, IReadOnlyList<double>? x = null) => RestartIndexes(y, x, new AnalysisOptions().MemoryMinRestartDrop, out _);

    /// <param name="minDrop">No drop smaller than this (percentage points) is a restart.</param>
    /// <param name="scheduledHour">The hour (of <paramref name="x"/> modulo 24) of recurring restarts, or −1.</param>
    internal static List<int> RestartIndexes(IReadOnlyList<double> y, IReadOnlyList<double>? x, double minDrop, out int scheduledHour)
    {
        scheduledHour = -1;
        var diffs = new double[y.Count - 1];
        for (var i = 1; i < y.Count; i++)
            diffs[i - 1] = y[i] - y[i - 1];
        var sigma = RobustStatistics.MadToSigma * RobustStatistics.Mad(diffs);
        var threshold = Math.Max(minDrop, 3 * sigma);
        var restart = new bool[y.Count];
        for (var i = 1; i < y.Count; i++)
        {
            if (y[i - 1] - y[i] < 0.75 * threshold)
                continue;
            var before = RobustStatistics.Median(Range(y, Math.Max(0, i - 3), i));
            var after = RobustStatistics.Median(Range(y, i, Math.Min(y.Count, i + 3)));
            restart[i] = before - after >= threshold;
        }

        if (x is not null)
        {
            var byHour = new List<double>[24];
            for (var h = 0; h < 24; h++)
                byHour[h] = [];
            for (var i = 1; i < y.Count; i++)
            {
                if (x[i] - x[i - 1] == 1)
                    byHour[(int)x[i] % 24].Add(y[i] - y[i - 1]);
            }
            if (byHour.All(h => h.Count >= 5))
            {
                // The lower third, not the median: deploys skip weekends, and a leak that began days ago has made the
                // drops big on only some of the days in the window.
                var medians = byHour.Select(h => RobustStatistics.Quantile(h, 0.3)).ToArray();
                for (var h = 0; h < 24; h++)
                {
                    var others = medians.Where((_, k) => k != h).ToList();
                    // Far larger than any move at any other hour: a load curve's evening fall is matched by its morning rise.
                    if (medians[h] <= -1 && medians[h] <= -2 * Math.Max(0.1, others.Max(Math.Abs)))
                    {
                        scheduledHour = h;
                        for (var i = 1; i < y.Count; i++)
                        {
                            if ((int)x[i] % 24 == h && y[i] - y[i - 1] <= medians[h] / 2)
                                restart[i] = true;
                        }
                    }
                }
            }
        }

        var starts = new List<int> { 0 };
        for (var i = 1; i < y.Count; i++)
        {
            if (restart[i] && i - starts[^1] >= 3)
                starts.Add(i);
        }
        return starts;
    }

    // The first segment of the current growth regime: the split of segment rates after which growth is clearly steeper
    // (a leak that began a few days ago is measured without the healthy days before it) or has stopped (a leak fixed a
    // few days ago). Medians on both sides, so one odd segment does not make a regime.
    private int RegimeStart(List<(int From, int To)> segments, List<double> rates)
    {
        var best = 0;
        var bestScore = 0.0;
        var minDifference = options.MemoryMinGrowthPerDay / 24;
        for (var k = 1; k < segments.Count; k++)
        {
            var before = RobustStatistics.Median(rates.Take(k));
            var after = RobustStatistics.Median(rates.Skip(k));
            var hoursAfter = segments.Skip(k).Sum(s => s.To - s.From);
            var hoursBefore = segments.Take(k).Sum(s => s.To - s.From);
            if (hoursAfter < 48 || Math.Abs(after - before) < minDifference)
                continue;
            var steeper = after > before;
            if (steeper
                    ? after < (2 * Math.Max(0, before)) + (minDifference / 2) || rates.Skip(k).Count(r => r > before + ((after - before) / 2)) < 0.75 * (segments.Count - k)
                    : hoursAfter < 72 || after > 0.25 * before || rates.Skip(k).Any(r => r > 0.5 * before))
                continue;
            var score = Math.Abs(after - before) * Math.Sqrt((double)hoursBefore * hoursAfter / (hoursBefore + hoursAfter));
            if (score > bestScore)
            {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    // Where, inside a segment, growth at the regime's slope began: the split into a flat part and a part rising at
    // `slope` with the least squared error, if it fits clearly better than the segment as one. The daily load curve is
    // taken out first (the flat part's own profile by hour and kind of day), or it would pull the split to where load rises.
    private static int? GrowthOnset(List<double> x, List<double> y, List<int> blockOf, (int From, int To) segment, double slope)
    {
        var n = segment.To - segment.From;
        if (n < 12 || slope <= 0)
            return null;
        var first = Split(x, y, segment, slope);
        if (first is null || first.Value.At - segment.From < 24)
            return first?.Onset;
        var profile = Enumerable.Range(segment.From, first.Value.At - segment.From).GroupBy(i => blockOf[i])
            .ToDictionary(g => g.Key, g => RobustStatistics.Median(g.Select(i => y[i])));
        var level = RobustStatistics.Median(profile.Values);
        var flattened = y.Select((v, i) => i >= segment.From && i < segment.To && profile.TryGetValue(blockOf[i], out var p) ? v - (p - level) : v).ToList();
        return (Split(x, flattened, segment, slope) ?? first).Value.Onset;
    }

    private static (int At, int Onset)? Split(List<double> x, List<double> y, (int From, int To) segment, double slope)
    {
        var n = segment.To - segment.From;
        var whole = Sse(Enumerable.Range(segment.From, n).Select(i => y[i] - (slope * x[i])).ToList());
        double bestSse = double.MaxValue;
        var bestAt = -1;
        for (var m = segment.From + 3; m <= segment.To - 6; m++)
        {
            var flat = Sse(Range(y, segment.From, m));
            var rising = Sse(Enumerable.Range(m, segment.To - m).Select(i => y[i] - (slope * x[i])).ToList());
            if (flat + rising < bestSse)
            {
                bestSse = flat + rising;
                bestAt = m;
            }
        }
        if (bestAt < 0 || bestSse >= 0.5 * whole)
            return null;
        // The split lands where the rise clears the noise; the rise began where the flat level meets the rising line.
        var level = Range(y, segment.From, bestAt).Average();
        var intercept = Enumerable.Range(bestAt, segment.To - bestAt).Average(i => y[i] - (slope * x[i]));
        var crossing = (level - intercept) / slope;
        var onset = bestAt;
        while (onset > segment.From && x[onset - 1] >= crossing)
            onset--;
        return (bestAt, onset);
    }

    private static double WeightedMean(List<(int From, int To)> segments, List<double> slopes, int from, int to)
    {
        double sum = 0, weight = 0;
        for (var k = from; k < to; k++)
        {
            var w = segments[k].To - segments[k].From;
            sum += slopes[k] * w;
            weight += w;
        }
        return weight > 0 ? sum / weight : 0;
    }

    private static double Sse(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return 0;
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean));
    }

    private static List<double> Slice(List<double> list, (int From, int To) s) => list.GetRange(s.From, s.To - s.From);

    private static List<double> Range(IReadOnlyList<double> list, int from, int to)
    {
        var result = new List<double>(Math.Max(0, to - from));
        for (var i = from; i < to; i++)
            result.Add(list[i]);
        return result;
    }
}
