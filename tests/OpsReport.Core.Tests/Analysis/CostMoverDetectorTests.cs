using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using Xunit.Abstractions;

namespace OpsReport.Core.Tests.Analysis;

public sealed class CostMoverDetectorTests(ITestOutputHelper output)
{
    private static readonly AnalysisOptions Options = new();

    private enum Plant
    {
        Step,
        StepOnWeeklyLine,
        Creep,
        NewLine,
        Flat,
        Weekly,
        OneDaySpike,
        MonthStartCharge,
        Decline,
        SmallNoisyLine,
    }

    [Fact]
    public void Analyze_SyntheticSuite_MeetsPrecisionAndRecall()
    {
        var score = new DetectionScore("cost movers");
        var detector = new CostMoverDetector(Options);
        var cases = 0;
        foreach (var plant in Enum.GetValues<Plant>())
        {
            for (var n = 0; n < 10; n++)
            {
                cases++;
                var random = new Random(((int)plant * 100) + n);
                var now = new DateTimeOffset(2026, 1, 20, 3, 0, 0, TimeSpan.Zero).AddDays(n * 31);
                var (line, planted, move) = Generate(plant, random, now);
                var m = detector.Analyze(line, now);
                var label = $"{plant} #{n}";
                if (planted is { } at)
                {
                    var tolerance = move == CostMove.Creep ? 4 : 1;
                    if (m is null || m.Move != move)
                        score.Miss($"{label}: planted {move} at {at:yyyy-MM-dd}, found {m?.Move}");
                    else if (Math.Abs((m.Since - at).TotalDays) > tolerance)
                        score.Miss($"{label}: since {m.Since:yyyy-MM-dd}, planted {at:yyyy-MM-dd}");
                    else
                        score.Hit();
                }
                else if (m is not null)
                {
                    score.FalseAlarm($"{label}: {m.Move} since {m.Since:yyyy-MM-dd} {m.BeforePerDay:0.00} → {m.NowPerDay:0.00}/day");
                }
            }
        }
        output.WriteLine($"{cases} lines");
        output.WriteLine(score.Report());
        Assert.True(score.Precision >= 0.95, score.Report());
        // A creep in 2 % daily noise is found; where it began is the soft part (counted as a miss when > 4 days off).
        Assert.True(score.Recall >= 0.75, score.Report());
    }

    [Fact]
    public void BucketGrowth_GrowingSinceADay_SaysSinceThatLocalDay()
    {
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var origin = Synthetic.Jst(2026, 10, 20);
        var values = Enumerable.Range(0, 35).Select(d => (350 + (60 * Math.Max(0, (start.AddDays(d) - origin).TotalDays))) * LogVolumeDetector.BytesPerGb).ToArray();

        var growth = CostMoverDetector.BucketGrowth(new RegularSeries(start, TimeSpan.FromDays(1), values), start.AddDays(35), Synthetic.Tokyo);

        Assert.NotNull(growth);
        Assert.Equal(60, growth.Value.GbPerDay, 1);
        Assert.Equal(origin, growth.Value.Since);
        Assert.False(growth.Value.SinceIsWindowStart);
    }

    [Fact]
    public void BucketGrowth_GrowthBeginningMidAfternoonWithNoisySizes_DatesItWithinTwoHours()
    {
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(47);
        foreach (var hour in new[] { 3.5, 10.25, 14, 19.75 })
        {
            // 40 GB a day from an hour that is no local midnight (Tokyo midnight is 15:00 UTC), sizes with 0.2 % noise.
            var origin = new DateTimeOffset(2026, 10, 18, 0, 0, 0, TimeSpan.Zero).AddHours(hour);
            var values = Enumerable.Range(0, 35)
                .Select(d => (500 + (40 * Math.Max(0, (start.AddDays(d) - origin).TotalDays)) + (1.0 * ((2 * random.NextDouble()) - 1))) * LogVolumeDetector.BytesPerGb)
                .ToArray();

            var growth = CostMoverDetector.BucketGrowth(new RegularSeries(start, TimeSpan.FromDays(1), values), start.AddDays(35), Synthetic.Tokyo);

            Assert.NotNull(growth);
            Assert.Equal(40, growth.Value.GbPerDay, 0);
            Assert.InRange(growth.Value.Since, origin - TimeSpan.FromHours(2), origin + TimeSpan.FromHours(2));
        }
    }

    /// <summary>35 UTC days of one cost line ending the day before <paramref name="now"/>, and what was planted.</summary>
    private static (CostLine Line, DateTimeOffset? Planted, CostMove Move) Generate(Plant plant, Random random, DateTimeOffset now)
    {
        var end = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var start = end.AddDays(-35);
        var values = new double[35];
        var level = plant == Plant.SmallNoisyLine ? 0.5 : 20 + (random.NextDouble() * 60);
        var at = end.AddDays(-random.Next(3, plant == Plant.NewLine ? 7 : 11));
        var creepFrom = end.AddDays(-random.Next(12, 22));
        var spike = end.AddDays(-random.Next(1, 10));
        for (var d = 0; d < 35; d++)
        {
            var day = start.AddDays(d);
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var v = level * Math.Exp((plant == Plant.SmallNoisyLine ? 0.2 : 0.02) * Synthetic.Normal(random));
            if (plant is Plant.Weekly or Plant.StepOnWeeklyLine && weekend)
                v *= 0.6;
            if (plant is Plant.Step or Plant.StepOnWeeklyLine && day >= at)
                v *= 1.5;
            if (plant == Plant.Creep && day >= creepFrom)
                v += 0.3 * (day - creepFrom).TotalDays;
            if (plant == Plant.OneDaySpike && day == spike)
                v *= 3;
            if (plant == Plant.MonthStartCharge)
                v = day.Day == 1 ? 100 : 0.01 * Math.Abs(Synthetic.Normal(random));
            if (plant == Plant.Decline)
                v *= Math.Pow(0.99, d);
            values[d] = plant == Plant.NewLine && day < at ? double.NaN : (plant == Plant.NewLine ? 5 + (0.1 * Synthetic.Normal(random)) : v);
        }
        var line = new CostLine("123456789012", "AmazonEC2", "APN1-BoxUsage", new RegularSeries(start, TimeSpan.FromDays(1), values));
        return plant switch
        {
            Plant.Step or Plant.StepOnWeeklyLine => (line, at, CostMove.Step),
            Plant.Creep => (line, creepFrom, CostMove.Creep),
            Plant.NewLine => (line, at, CostMove.New),
            _ => (line, null, CostMove.Step),
        };
    }
}
