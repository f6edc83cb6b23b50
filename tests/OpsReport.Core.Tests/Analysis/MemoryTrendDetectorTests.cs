using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using Xunit.Abstractions;

namespace OpsReport.Core.Tests.Analysis;

public sealed class MemoryTrendDetectorTests(ITestOutputHelper output)
{
    private static readonly AnalysisOptions Options = new();
    private static readonly DateTimeOffset Now = Synthetic.Jst(2026, 11, 18, 12);

    private enum Plant
    {
        LeakUnderWeekdayDeploys,
        LeakWithoutRestarts,
        LeakStartedMidWindow,
        LeakUnderNightlyRestarts,
        NoisyLeak,
        Flat,
        NoisyButFlat,
        FlatWithDeploys,
        WarmUpThenPlateau,
        OneTimeStep,
        SlowDrift,
        WeeklyPattern,
        LeakFixedDaysAgo,
    }

    private static bool IsLeak(Plant p) => p <= Plant.NoisyLeak;

    [Fact]
    public void Analyze_SyntheticSuite_MeetsPrecisionAndRecall()
    {
        var score = new DetectionScore("memory trend");
        var detector = new MemoryTrendDetector(Options, Synthetic.Calendar);
        var cases = 0;
        foreach (var plant in Enum.GetValues<Plant>())
        {
            for (var n = 0; n < 12; n++)
            {
                cases++;
                var random = new Random(((int)plant * 100) + n);
                var now = Now.AddHours(n * 13);
                var (series, leakStart) = Generate(plant, random, now);
                var trend = detector.Analyze(series, now);
                var label = $"{plant} #{n}";
                if (IsLeak(plant))
                {
                    if (trend is not { IsLeak: true })
                        score.Miss($"{label}: slope {trend?.SlopePerDay:0.00}/day z {trend?.Z:0.0} days {trend?.DaysToLimit:0.0}");
                    else if (leakStart is { } planted && Math.Abs((trend.Since - planted).TotalHours) > 12)
                        score.Miss($"{label}: since {trend.Since:O}, planted {planted:O}");
                    else
                        score.Hit();
                }
                else if (trend is { IsLeak: true })
                {
                    score.FalseAlarm($"{label}: slope {trend.SlopePerDay:0.00}/day z {trend.Z:0.0} days {trend.DaysToLimit:0.0}");
                }
            }
        }
        output.WriteLine($"{cases} series");
        output.WriteLine(score.Report());
        Assert.True(score.Precision >= 0.95, score.Report());
        Assert.True(score.Recall >= 0.8, score.Report());
    }

    [Fact]
    public void Detect_LeakHiddenByDeploys_SaysWhenTheThresholdWouldBeReached()
    {
        var (series, _) = Generate(Plant.LeakUnderWeekdayDeploys, new Random(1), Now, rate: 8);

        var finding = new MemoryTrendDetector(Options, Synthetic.Calendar).Detect("prod", new MemoryTrendInput("api", new Dictionary<string, string>(), series), Now);

        Assert.NotNull(finding);
        Assert.Equal(FindingKind.MemoryTrend, finding.Kind);
        Assert.InRange(finding.Numbers[Facts.SlopePerDay], 6, 9);
        Assert.True(finding.Numbers[Facts.Restarts] >= 8);
        var days = finding.Numbers[Facts.DaysToLimit];
        output.WriteLine($"current {finding.Numbers[Facts.CurrentPercent]} %, slope {finding.Numbers[Facts.SlopePerDay]}/day, {days} days to the limit");
        // Worked out from the plant, not from the finding: the last hour is the Wednesday 11:00 deploy, so the service
        // sits at its 40 % base plus about 1.5 points of daytime load and 0.3 of the leak (42 %, noise ±0.8), and the
        // leak adds 8 points a day: (90 − 42) / 8 = 6.0 days, give or take the noise and a slope read between 6 and 9.
        Assert.InRange(finding.Numbers[Facts.CurrentPercent], 39, 45);
        Assert.InRange(days, 5.0, 7.0);
        Assert.InRange(finding.Numbers[Facts.LimitAt], Now.AddDays(5).ToUnixTimeSeconds(), Now.AddDays(7).ToUnixTimeSeconds());
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void RestartIndexes_SawtoothWithNoise_FindsEachDrop()
    {
        var y = new List<double>();
        var random = new Random(5);
        for (var h = 0; h < 24 * 6; h++)
            y.Add(40 + (0.3 * (h % 24)) + (0.8 * Synthetic.Normal(random)));

        var starts = MemoryTrendDetector.RestartIndexes(y);

        Assert.Equal([0, 24, 48, 72, 96, 120], starts);
    }

    /// <summary>Hourly memory utilization for 21 days to <paramref name="now"/>, and the planted leak start when the leak begins inside the window.</summary>
    private static (RegularSeries Series, DateTimeOffset? LeakStart) Generate(Plant plant, Random random, DateTimeOffset now, double? rate = null)
    {
        var hours = 21 * 24;
        var start = now.AddHours(-hours);
        var values = new double[hours];
        // Detection limits: with a restart every day a leak must build up about 3 points between restarts to show
        // as a drop (6 when it began only days ago, with fewer restarts to show it); with noise of 2 points, about 5.
        var rates = plant switch
        {
            Plant.NoisyLeak => new[] { 5.0, 8 },
            Plant.LeakUnderNightlyRestarts => [3.0, 5, 8],
            Plant.LeakStartedMidWindow => [6.0, 8],
            _ => [2.0, 4, 8],
        };
        var leakRate = (rate ?? rates[random.Next(rates.Length)]) / 24;
        DateTimeOffset? leakStart = null;
        if (plant == Plant.LeakStartedMidWindow)
            leakStart = Synthetic.Jst(2026, 11, 12, 15).AddHours(random.Next(0, 48));
        var fixedAt = now.AddDays(-4);
        var level = 0.0;
        var step = 0.0;
        var gc = 0.0;
        for (var i = 0; i < hours; i++)
        {
            var t = start.AddHours(i);
            var local = Synthetic.Tokyo.ToLocal(t);
            var weekdayDeploy = local.Hour == 11 && local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            var restart = plant switch
            {
                Plant.LeakWithoutRestarts or Plant.Flat or Plant.NoisyButFlat or Plant.OneTimeStep or Plant.SlowDrift or Plant.WeeklyPattern => false,
                Plant.LeakUnderNightlyRestarts => local.Hour == 3,
                _ => weekdayDeploy,
            };
            if (restart)
                level = 0;
            var growth = plant switch
            {
                Plant.LeakUnderWeekdayDeploys or Plant.LeakUnderNightlyRestarts or Plant.NoisyLeak => leakRate,
                Plant.LeakWithoutRestarts => 1.5 / 24,
                Plant.LeakStartedMidWindow => t >= leakStart ? leakRate : 0.004,
                Plant.LeakFixedDaysAgo => t < fixedAt ? leakRate : 0.004,
                Plant.SlowDrift => 0.2 / 24,
                Plant.FlatWithDeploys => 0.008,
                _ => 0,
            };
            level += growth;
            if (plant == Plant.WarmUpThenPlateau)
                level = Math.Min(12, level + 2);
            if (plant == Plant.OneTimeStep && t >= now.AddDays(-5))
                step = 10;
            var noise = plant switch { Plant.NoisyButFlat => 4.0, Plant.NoisyLeak => 2.0, _ => 0.8 };
            var load = plant == Plant.WeeklyPattern ? 8 * Synthetic.Load(t) : 2.5 * Synthetic.Load(t);
            if (plant == Plant.NoisyButFlat)
            {
                // A garbage-collected heap: climbs for a few hours, then drops back.
                gc = random.NextDouble() < 0.25 ? 0 : gc + 2;
            }
            var baseLevel = plant == Plant.LeakWithoutRestarts ? 45 : 40;
            values[i] = Math.Clamp(baseLevel + level + step + gc + load + (noise * Synthetic.Normal(random)), 1, 100);
        }
        return (new RegularSeries(start, TimeSpan.FromHours(1), values), leakStart);
    }
}
