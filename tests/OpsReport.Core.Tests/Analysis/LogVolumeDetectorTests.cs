using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using Xunit.Abstractions;

namespace OpsReport.Core.Tests.Analysis;

public sealed class LogVolumeDetectorTests(ITestOutputHelper output)
{
    private const double Scale = 2e7;
    private static readonly AnalysisOptions Options = new();

    // Ends of the analysed windows: after New Year and Coming of Age Day, over a month end, after Golden Week, after
    // Marine Day, after Silver Week, after Labour Thanksgiving, over a month end, an ordinary week.
    private static readonly DateTimeOffset[] Ends =
    [
        Synthetic.Jst(2026, 1, 14, 10), Synthetic.Jst(2026, 3, 2, 9), Synthetic.Jst(2026, 5, 8, 15), Synthetic.Jst(2026, 7, 22, 11),
        Synthetic.Jst(2026, 9, 25, 10), Synthetic.Jst(2026, 11, 25, 9), Synthetic.Jst(2026, 12, 2, 12), Synthetic.Jst(2026, 6, 17, 16),
    ];

    private enum Plant
    {
        LevelShift,
        Spike,
        Ramp,
        Plain,
        Noisy,
        OneHourBlips,
        TwoHourBlip,
        MonthEnd,
        OrganicGrowth,
        Outage,
    }

    [Fact]
    public void FindEpisodes_SyntheticSuite_MeetsPrecisionAndRecall()
    {
        var score = new DetectionScore("log volume");
        var detector = new LogVolumeDetector(Options, Synthetic.Calendar);
        var cases = 0;
        foreach (var plant in Enum.GetValues<Plant>())
        {
            for (var n = 0; n < 3 * Ends.Length; n++)
            {
                cases++;
                var k = n % Ends.Length;
                var random = new Random(((int)plant * 1000) + n);
                var now = Ends[k].AddHours(n / Ends.Length * 7);
                var start = now.AddDays(-35);
                var series = Synthetic.Traffic(start, 35 * 24, random, Scale,
                    noise: plant == Plant.Noisy ? 0.3 : 0.08,
                    monthEndFactor: plant == Plant.MonthEnd ? 3 : 1);
                var (from, to, expectStart) = PlantInto(series, plant, random, now);
                var input = new LogVolumeInput($"{plant}-{k}", new Dictionary<string, string>(), series, true, new Dictionary<string, RegularSeries>());
                var episodes = detector.FindEpisodes(input, now);
                var label = $"{plant} ending {now:yyyy-MM-dd HH}Z";
                if (from is { } plantedFrom)
                {
                    // With no earlier holiday in the data to learn from, a weekday holiday is judged against the higher of its
                    // working-day and Sunday levels: an incident starting on one is reported once it beats the working-day level.
                    var latest = Synthetic.Calendar.IsHoliday(Synthetic.Calendar.LocalDate(plantedFrom))
                        ? Max(expectStart!.Value.To, Synthetic.Tokyo.DayOf(plantedFrom).End)
                        : expectStart!.Value.To;
                    var match = episodes.FirstOrDefault(e => e.Start >= expectStart.Value.From && e.Start <= latest);
                    if (match is not null)
                        score.Hit();
                    else
                        score.Miss($"{label}: planted at {plantedFrom:O}, found {string.Join(", ", episodes.Select(e => e.Start.ToString("O")))}");
                    foreach (var other in episodes.Where(e => e != match))
                        score.FalseAlarm($"{label}: extra episode at {other.Start:O}");
                }
                else
                {
                    foreach (var e in episodes)
                        score.FalseAlarm($"{label}: episode at {e.Start:O} ratio {e.Ratio:0.0}");
                }
            }
        }
        output.WriteLine($"{cases} series");
        output.WriteLine(score.Report());
        Assert.True(score.Precision >= 0.95, score.Report());
        Assert.True(score.Recall >= 0.95, score.Report());
    }

    [Fact]
    public void ToFinding_DebugShareJumps_IsDebugLoggingWithCost()
    {
        var now = Synthetic.Jst(2026, 11, 18, 12);
        var start = now.AddDays(-35);
        var random = new Random(7);
        var info = Synthetic.Traffic(start, 35 * 24, random, 5000);
        var debugOn = Synthetic.Jst(2026, 11, 12, 14);
        var debug = new double[info.Count];
        var bytes = new double[info.Count];
        for (var i = 0; i < info.Count; i++)
        {
            debug[i] = info.TimeAt(i) >= debugOn ? info.Values[i] * 40 : info.Values[i] * 0.004;
            bytes[i] = (info.Values[i] * 300) + (debug[i] * 850);
        }
        var levels = new Dictionary<string, RegularSeries>
        {
            ["INFO"] = info,
            ["DEBUG"] = info with { Values = debug },
        };
        var detector = new LogVolumeDetector(Options, Synthetic.Calendar);
        var input = new LogVolumeInput("/aws/lambda/sync", new Dictionary<string, string>(), info with { Values = bytes }, true, levels);

        var episode = Assert.Single(detector.FindEpisodes(input, now));
        var during = LogVolumeDetector.MixFromSeries(levels, episode.Recent);
        var before = LogVolumeDetector.MixFromSeries(levels, LogVolumeDetector.BeforeWindow(episode));
        var finding = detector.ToFinding("staging", false, episode, during, before, "level-split series", "ap-northeast-1", 0.76, now);

        Assert.Equal(FindingKind.DebugLogging, finding.Kind);
        Assert.Equal(debugOn, finding.Start);
        Assert.Equal(FindingState.Open, finding.State);
        Assert.True(finding.Numbers[Facts.DebugShare] > 0.95);
        Assert.True(finding.Numbers[Facts.DebugShareBefore] < 0.01);
        // Worked out from the plant, not from the finding: DEBUG adds (40 − 0.004) × 850 bytes per INFO line since it was
        // turned on; averaged over those days that is the excess, billed at $0.76/GB.
        var on = Enumerable.Range(0, info.Count).Where(i => info.TimeAt(i) >= debugOn).ToList();
        var plantedGbPerDay = on.Sum(i => (debug[i] - (info.Values[i] * 0.004)) * 850) / 1e9 / (on.Count / 24.0);
        output.WriteLine($"excess {finding.Numbers[Facts.ExcessGbPerDay]} GB/day (planted {plantedGbPerDay:0.###}), ${finding.Numbers[Facts.UsdPerDay]}/day (planted ${plantedGbPerDay * 0.76:0.##})");
        Assert.InRange(finding.Numbers[Facts.ExcessGbPerDay], 0.8 * plantedGbPerDay, 1.2 * plantedGbPerDay);
        Assert.InRange(finding.Numbers[Facts.UsdPerDay], 0.8 * plantedGbPerDay * 0.76, 1.2 * plantedGbPerDay * 0.76);
        Assert.Equal("/?env=staging&range=7d#panel-log_volume", finding.Url);
    }

    [Fact]
    public void ToFinding_MoreTrafficSameLevelMix_IsPlainLogVolume()
    {
        var now = Synthetic.Jst(2026, 11, 18, 12);
        var random = new Random(8);
        var info = Synthetic.Traffic(now.AddDays(-35), 35 * 24, random, 200_000);
        var jump = Synthetic.Jst(2026, 11, 16, 10);
        var values = info.Values.Select((v, i) => info.TimeAt(i) >= jump ? v * 4 : v).ToArray();
        var levels = new Dictionary<string, RegularSeries> { ["INFO"] = info with { Values = values }, ["DEBUG"] = info with { Values = values.Select(v => v * 0.01).ToArray() } };
        var detector = new LogVolumeDetector(Options, Synthetic.Calendar);
        var input = new LogVolumeInput("/ecs/api", new Dictionary<string, string>(), info with { Values = values.Select(v => v * 400).ToArray() }, true, levels);

        var episode = Assert.Single(detector.FindEpisodes(input, now));
        var finding = detector.ToFinding("prod", true, episode, LogVolumeDetector.MixFromSeries(levels, episode.Recent),
            LogVolumeDetector.MixFromSeries(levels, LogVolumeDetector.BeforeWindow(episode)), "level-split series", "us-east-1", 0.5, now);

        Assert.Equal(FindingKind.LogVolume, finding.Kind);
        Assert.Equal(jump, finding.Start);
        Assert.InRange(finding.Numbers[Facts.Ratio], 3.3, 4.8);
    }

    [Fact]
    public void FindEpisodes_EndedLongAgo_IsNotReported_EndedRecently_IsResolved()
    {
        var now = Synthetic.Jst(2026, 6, 17, 12);
        var series = Synthetic.Traffic(now.AddDays(-35), 35 * 24, new Random(3), Scale);
        var detector = new LogVolumeDetector(Options, Synthetic.Calendar);
        void Burst(DateTimeOffset from, int hours)
        {
            for (var i = 0; i < series.Count; i++)
            {
                if (series.TimeAt(i) >= from && series.TimeAt(i) < from.AddHours(hours))
                    series.Values[i] *= 8;
            }
        }
        Burst(now.AddDays(-12), 10);
        Burst(now.AddDays(-3), 10);

        var episode = Assert.Single(detector.FindEpisodes(new LogVolumeInput("g", new Dictionary<string, string>(), series, true, new Dictionary<string, RegularSeries>()), now));

        Assert.Equal(now.AddDays(-3), episode.Start);
        Assert.Equal(now.AddDays(-3).AddHours(10), episode.End);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static (DateTimeOffset? From, DateTimeOffset? To, (DateTimeOffset From, DateTimeOffset To)? ExpectStart) PlantInto(RegularSeries s, Plant plant, Random random, DateTimeOffset now)
    {
        DateTimeOffset At(double hoursBeforeNowMin, double hoursBeforeNowMax) =>
            now.AddHours(-Math.Round(hoursBeforeNowMin + (random.NextDouble() * (hoursBeforeNowMax - hoursBeforeNowMin))));
        void Multiply(DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, double> factor)
        {
            for (var i = 0; i < s.Count; i++)
            {
                var t = s.TimeAt(i);
                if (t >= from && t < to)
                    s.Values[i] *= factor(t);
            }
        }
        switch (plant)
        {
            case Plant.LevelShift:
            {
                var from = At(8, 7 * 24);
                var factor = new[] { 2.5, 3, 10, 100 }[random.Next(4)];
                Multiply(from, now, _ => factor);
                return (from, now, (from, from));
            }
            case Plant.Spike:
            {
                var from = At(36, 6 * 24);
                var hours = 6 + random.Next(7);
                Multiply(from, from.AddHours(hours), _ => 6);
                return (from, from.AddHours(hours), (from, from));
            }
            case Plant.Ramp:
            {
                var from = At(3 * 24, 7 * 24);
                Multiply(from, now, t => 1 + (4 * Math.Min(1, (t - from).TotalHours / 48)));
                return (from, now, (from, from.AddHours(48)));
            }
            case Plant.OneHourBlips:
                for (var b = 0; b < 4; b++)
                {
                    var at = At(2, 7 * 24);
                    Multiply(at, at.AddHours(1), _ => 10);
                }
                return (null, null, null);
            case Plant.TwoHourBlip:
            {
                var at = At(4, 7 * 24);
                Multiply(at, at.AddHours(2), _ => 5);
                return (null, null, null);
            }
            case Plant.OrganicGrowth:
                Multiply(s.Start, now, t => Math.Pow(1.01, (t - s.Start).TotalDays));
                return (null, null, null);
            case Plant.Outage:
            {
                var at = At(20, 6 * 24);
                Multiply(at, at.AddHours(12), _ => 0.1);
                return (null, null, null);
            }
            default:
                return (null, null, null);
        }
    }
}
