using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Time;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Which cost lines moved the bill: lasting steps (change point on weekday-adjusted daily cost, flat on both sides),
/// steady creep (seasonal Mann–Kendall and Theil–Sen over weekday blocks) and new lines; each with day-over-day and
/// week-over-week change and its share of the environment's change. A creeping S3 storage line is tied to the bucket
/// whose size explains it.
/// </summary>
public sealed class CostMoverDetector(AnalysisOptions options)
{
    public IReadOnlyList<CostMovement> FindMovements(IReadOnlyList<CostLine> lines, DateTimeOffset now)
    {
        var result = new List<CostMovement>();
        foreach (var line in lines)
        {
            if (Analyze(line, now) is { } movement)
                result.Add(movement);
        }
        return result;
    }

    public CostMovement? Analyze(CostLine line, DateTimeOffset now)
    {
        var s = line.Daily;
        var last = s.LastFinite();
        if (last < 0 || s.TimeAt(last) < now - TimeSpan.FromDays(3))
            return null;
        var first = Array.FindIndex(s.Values, double.IsFinite);
        var from = Math.Max(first, last - options.CostWindowDays + 1);
        var values = s.Values[from..(last + 1)];
        var nowPerDay = RobustStatistics.Median(values[^Math.Min(3, values.Length)..]);
        var dod = last >= 1 && double.IsFinite(s.Values[last - 1]) ? s.Values[last] - s.Values[last - 1] : double.NaN;
        var wow = last >= 7 && double.IsFinite(s.Values[last - 7]) ? s.Values[last] - s.Values[last - 7] : double.NaN;
        var minPerDay = options.CostMinUsdPerMonth / 30;

        // New: first billed in the last week, and history reaches back further than that.
        var historyDays = (s.TimeAt(last) - s.Start).TotalDays;
        if (last - first < 7 && historyDays >= 14 && nowPerDay >= minPerDay)
            return new CostMovement(line, CostMove.New, s.TimeAt(first), 0, nowPerDay, nowPerDay * 30, 0, dod, wow);
        if (values.Length < 10)
            return null;

        var adjusted = WeekdayAdjusted(s, from, last);
        if (Step(adjusted) is { } step)
        {
            var before = RobustStatistics.Median(values[..step.Index]);
            var after = RobustStatistics.Median(values[step.Index..]);
            var change = after - before;
            if (change >= minPerDay && change >= options.CostMinChangeRatio * Math.Max(before, 0.01))
                return new CostMovement(line, CostMove.Step, s.TimeAt(from + step.Index), before, after, change * 30, 0, dod, wow);
        }

        // Creep: Mann–Kendall and Theil–Sen on the weekday-adjusted cost (weekly seasonality divided out, so weekend
        // dips are not mistaken for it), measured from where the climb began when it began inside the window.
        var xs = Enumerable.Range(0, values.Length).Select(i => (double)i).ToList();
        var climb = SlopeChange(xs, adjusted.ToList());
        var z = MannKendall.Test(adjusted[climb..]).Z;
        if (climb > 0 && z < options.CostSignificantZ)
        {
            // Too few days since the split to tell: judge the whole window instead.
            climb = 0;
            z = MannKendall.Test(adjusted).Z;
        }
        var slope = TheilSen.Slope(xs[climb..], adjusted[climb..]);
        // If it keeps climbing, next month's bill is higher by the growth over a month, every day of that month.
        var monthly = slope * 30 * 30;
        if (z >= options.CostSignificantZ && slope > 0 && monthly >= options.CostMinUsdPerMonth)
        {
            var start = RobustStatistics.Median(values[climb..Math.Min(values.Length, climb + 3)]);
            return new CostMovement(line, CostMove.Creep, s.TimeAt(from + climb), start, nowPerDay, monthly, slope, dod, wow);
        }
        return null;
    }

    /// <summary>A growing bucket (GB per day, Theil–Sen over the window) and since when it grows that fast.</summary>
    /// <remarks>
    /// The start is where the flat line of the daily sizes before meets the rising line after (to the hour); within an
    /// hour of a midnight of <paramref name="zone"/> it is that midnight.
    /// </remarks>
    public static (double GbPerDay, double NowGb, DateTimeOffset Since, bool SinceIsWindowStart)? BucketGrowth(RegularSeries bytes, DateTimeOffset now, ZoneCalendar zone)
    {
        var last = bytes.LastFinite();
        if (last < 7)
            return null;
        var from = Math.Max(0, last - 34);
        var x = new List<double>();
        var y = new List<double>();
        for (var i = from; i <= last; i++)
        {
            if (double.IsFinite(bytes.Values[i]))
            {
                x.Add(i);
                y.Add(bytes.Values[i] / LogVolumeDetector.BytesPerGb);
            }
        }
        var recentFrom = SlopeChange(x, y);
        var slope = TheilSen.Slope(x.GetRange(recentFrom, x.Count - recentFrom), y.GetRange(recentFrom, x.Count - recentFrom));
        if (recentFrom == 0)
            return (slope, y[^1], bytes.TimeAt((int)x[0]), true);
        // Daily sizes only bracket the start: it is where the flat line before meets the rising line after.
        var (a1, b1) = Line(x, y, 0, recentFrom);
        var (a2, b2) = Line(x, y, recentFrom, x.Count);
        var crossing = b2 > b1 ? Math.Clamp((a1 - a2) / (b2 - b1), x[recentFrom - 1], x[recentFrom]) : x[recentFrom];
        var at = bytes.Start + (bytes.Step * crossing);
        // The crossing dates the start to about an hour (daily sizes carry some noise), so it is read to the hour; one
        // within an hour of a local midnight is the day's start (growth that began with a nightly job or a new day).
        var day = zone.DayOf(at);
        var midnight = at - day.Start < day.End - at ? day.Start : day.End;
        if ((at - midnight).Duration() <= TimeSpan.FromHours(1))
            return (slope, y[^1], midnight, false);
        var hour = TimeSpan.TicksPerHour;
        return (slope, y[^1], new DateTimeOffset((at.UtcTicks + (hour / 2)) / hour * hour, TimeSpan.Zero), false);
    }

    /// <summary>
    /// The resource whose daily volume explains a cost movement: of all resources of the line's kind (log groups for
    /// ingestion), the one whose volume grew most from the week before the movement to its last three days, when that
    /// is at least <see cref="AnalysisOptions.CostCauseMinShare"/> of the growth of all of them together.
    /// </summary>
    /// <param name="daily">Daily volume per resource on UTC days (missing days NaN).</param>
    public (string Name, double Before, double Now)? LargestContributor(IEnumerable<(string Name, RegularSeries Daily)> daily, DateTimeOffset since, DateTimeOffset now)
    {
        var growth = new List<(string Name, double Before, double Now)>();
        foreach (var (name, s) in daily)
        {
            var before = Mean(s, since - TimeSpan.FromDays(7), since);
            var after = Mean(s, now - TimeSpan.FromDays(3), now);
            if (double.IsFinite(after))
                growth.Add((name, double.IsFinite(before) ? before : 0, after));
        }
        var rising = growth.Where(g => g.Now > g.Before).OrderByDescending(g => g.Now - g.Before).ToList();
        var total = rising.Sum(g => g.Now - g.Before);
        return rising.Count > 0 && rising[0].Now - rising[0].Before >= options.CostCauseMinShare * total ? rising[0] : null;
    }

    private static double Mean(RegularSeries s, DateTimeOffset from, DateTimeOffset to)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < s.Count; i++)
        {
            var t = s.TimeAt(i);
            if (t >= from && t < to && double.IsFinite(s.Values[i]))
            {
                sum += s.Values[i];
                n++;
            }
        }
        return n > 0 ? sum / n : double.NaN;
    }

    /// <summary>The finding of a movement not folded into another signal's story.</summary>
    /// <param name="logGroup">The log group whose ingestion (GB per day, before and now) explains a CloudWatch Logs cost movement.</param>
    public Finding ToFinding(string environment, CostMovement m, double shareOfChange, (string Bucket, double GbPerDay, double NowGb, DateTimeOffset Since)? bucket, DateTimeOffset now,
        (string Name, double GbPerDayBefore, double GbPerDayNow)? logGroup = null)
    {
        var numbers = new Dictionary<string, double>
        {
            [Facts.UsdPerDayBefore] = Math.Round(m.BeforePerDay, 2),
            [Facts.UsdPerDayNow] = Math.Round(m.NowPerDay, 2),
            [Facts.UsdPerMonthChange] = Math.Round(m.MonthlyChange),
        };
        if (double.IsFinite(m.DayOverDay))
            numbers[Facts.DayOverDay] = Math.Round(m.DayOverDay, 2);
        if (double.IsFinite(m.WeekOverWeek))
            numbers[Facts.WeekOverWeek] = Math.Round(m.WeekOverWeek, 2);
        if (double.IsFinite(shareOfChange))
            numbers[Facts.ShareOfChange] = Math.Round(shareOfChange, 2);
        if (m.Move == CostMove.Creep)
            numbers[Facts.GrowthUsdPerDayPerDay] = Math.Round(m.GrowthPerDayPerDay, 3);
        if (m.Move == CostMove.New)
            numbers[Facts.IsNewLine] = 1;
        var labels = new Dictionary<string, string>
        {
            [Facts.LabelCostLine] = m.Line.Name,
            [Facts.LabelAwsService] = m.Line.AwsService,
            [Facts.LabelUsageType] = m.Line.UsageType,
            [Facts.LabelAccount] = m.Line.Account,
            [Facts.LabelDetail] = m.Move.ToString(),
        };
        var subject = m.Line.Name;
        var since = m.Since;
        if (bucket is { } b)
        {
            subject = b.Bucket;
            since = b.Since;
            labels[Facts.LabelBucket] = b.Bucket;
            numbers[Facts.BucketGbPerDay] = Math.Round(b.GbPerDay, 1);
            numbers[Facts.BucketGb] = Math.Round(b.NowGb);
        }
        if (logGroup is { } g)
        {
            subject = g.Name;
            labels[Facts.LabelLogGroup] = g.Name;
            numbers[Facts.LogGroupGbPerDayBefore] = Math.Round(g.GbPerDayBefore, 2);
            numbers[Facts.LogGroupGbPerDayNow] = Math.Round(g.GbPerDayNow, 2);
        }
        var severity = m.MonthlyChange >= options.CostCriticalUsdPerMonth ? Severity.Critical : m.MonthlyChange >= options.CostWarningUsdPerMonth ? Severity.Warning : Severity.Info;
        return new Finding(environment, FindingKind.CostMover, subject, since, null, severity, FindingState.Open, "", "", numbers,
            FindingUrls.Overview(environment, since, now, "cost"), now)
        {
            Labels = labels,
        };
    }

    /// <summary>
    /// Where a climb began: the split into two straight lines that fits best, when the later one is clearly steeper
    /// and the split explains the data clearly better than one line; 0 when the climb spans the whole series.
    /// </summary>
    private static int SlopeChange(List<double> x, List<double> y)
    {
        var bestSse = double.MaxValue;
        var bestK = 0;
        for (var k = 3; k <= x.Count - 4; k++)
        {
            var sse = LineSse(x, y, 0, k) + LineSse(x, y, k, x.Count);
            if (sse < bestSse)
            {
                bestSse = sse;
                bestK = k;
            }
        }
        if (bestK == 0)
            return 0;
        var before = TheilSen.Slope(x.GetRange(0, bestK), y.GetRange(0, bestK));
        var after = TheilSen.Slope(x.GetRange(bestK, x.Count - bestK), y.GetRange(bestK, x.Count - bestK));
        var scale = Math.Max(1e-9, Math.Abs(after));
        return after > 0 && after > (2 * Math.Max(before, 0)) + (0.01 * scale) && bestSse < 0.7 * LineSse(x, y, 0, x.Count) ? bestK : 0;
    }

    // A step is a change point between two flat stretches: growth inside either side must be small next to the step,
    // otherwise it is a creep, which any split would also "explain".
    private ChangePoint? Step(double[] adjusted)
    {
        // Three days on the new level at least: a one-day spike is not a step, even on the last day.
        if (ChangePoint.Find(adjusted, 3) is not { } cp || cp.Shift <= 0)
            return null;
        if (adjusted[^3..].Any(v => !(v >= cp.MeanBefore + (cp.Shift / 2))))
            return null;
        var before = adjusted[..cp.Index];
        var after = adjusted[cp.Index..];
        var noise = Math.Max(0.02 * Math.Abs(cp.MeanBefore), RobustStatistics.MadToSigma * RobustStatistics.Mad(before));
        if (cp.Shift < 4 * noise)
            return null;
        // The two days around the step may be partial (a change in the middle of a UTC day); the rest must be flat.
        var drift = Drift(before[..Math.Max(1, before.Length - 1)]) + Drift(after.Length > 2 ? after[1..] : after);
        return drift < 0.5 * cp.Shift ? cp : null;
    }

    private static double Drift(double[] values)
    {
        if (values.Length < 3)
            return 0;
        var x = Enumerable.Range(0, values.Length).Select(i => (double)i).ToList();
        return Math.Abs(TheilSen.Slope(x, values)) * (values.Length - 1);
    }

    // Divides out the weekday pattern (weekend traffic is lower, so are its Fargate hours). Each day is compared with
    // the median of the week centred on it, which follows any climb, so a climb is not taken for a weekday pattern.
    private static double[] WeekdayAdjusted(RegularSeries s, int from, int last)
    {
        var values = s.Values[from..(last + 1)];
        if (values.Length < 14)
            return values;
        var ratios = new List<double>[7];
        for (var k = 0; k < 7; k++)
            ratios[k] = [];
        for (var i = 3; i < values.Length - 3; i++)
        {
            var week = RobustStatistics.Median(values[(i - 3)..(i + 4)]);
            if (week > 0 && double.IsFinite(values[i]))
                ratios[i % 7].Add(values[i] / week);
        }
        var factors = ratios.Select(r => r.Count >= 2 ? RobustStatistics.Median(r) : 1).ToArray();
        return values.Select((v, i) => factors[i % 7] > 0 ? v / factors[i % 7] : v).ToArray();
    }

    private static (double Intercept, double Slope) Line(List<double> x, List<double> y, int from, int to)
    {
        var n = to - from;
        var mx = x.Skip(from).Take(n).Average();
        var my = y.Skip(from).Take(n).Average();
        double sxy = 0, sxx = 0;
        for (var i = from; i < to; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        var b = sxx > 0 ? sxy / sxx : 0;
        return (my - (b * mx), b);
    }

    private static double LineSse(List<double> x, List<double> y, int from, int to)
    {
        var n = to - from;
        if (n < 2)
            return 0;
        double mx = 0, my = 0;
        for (var i = from; i < to; i++)
        {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (var i = from; i < to; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        var b = sxx > 0 ? sxy / sxx : 0;
        double sse = 0;
        for (var i = from; i < to; i++)
        {
            var r = y[i] - (my + (b * (x[i] - mx)));
            sse += r * r;
        }
        return sse;
    }
}
