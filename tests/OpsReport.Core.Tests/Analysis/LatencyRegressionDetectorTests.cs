using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using Xunit.Abstractions;

namespace OpsReport.Core.Tests.Analysis;

public sealed class LatencyRegressionDetectorTests(ITestOutputHelper output)
{
    private static readonly AnalysisOptions Options = new();

    private static readonly DateTimeOffset[] Ends =
    [
        Synthetic.Jst(2026, 11, 18, 12), Synthetic.Jst(2026, 5, 8, 10), Synthetic.Jst(2026, 9, 25, 16), Synthetic.Jst(2026, 12, 1, 9),
        Synthetic.Jst(2026, 1, 14, 11), Synthetic.Jst(2026, 7, 22, 15),
    ];

    private enum Plant
    {
        Step,
        BigStep,
        StepLowTraffic,
        StepNoisy,
        Plain,
        OneHourBlip,
        ThreeHourSpike,
        LowTrafficNights,
        SlowDrift,
        EndedLongAgo,
    }

    [Fact]
    public void Analyze_SyntheticSuite_MeetsPrecisionAndRecall()
    {
        var score = new DetectionScore("latency regression");
        var detector = new LatencyRegressionDetector(Options, Synthetic.Calendar);
        var cases = 0;
        foreach (var plant in Enum.GetValues<Plant>())
        {
            for (var n = 0; n < 2 * Ends.Length; n++)
            {
                cases++;
                var random = new Random(((int)plant * 100) + n);
                var now = Ends[n % Ends.Length].AddHours(n / Ends.Length * 5);
                var (series, planted) = Generate(plant, random, now);
                var change = detector.Analyze(series, now);
                var label = $"{plant} #{n} ending {now:yyyy-MM-dd HH}Z";
                if (planted is { } at)
                {
                    if (change is null)
                        score.Miss($"{label}: planted at {at:O}");
                    else if (Math.Abs((change.Since - FirstVisible(series, at)).TotalHours) > 2)
                        score.Miss($"{label}: since {change.Since:O}, planted {at:O}");
                    else
                        score.Hit();
                }
                else if (change is not null)
                {
                    score.FalseAlarm($"{label}: since {change.Since:O} ratio {change.Ratio:0.00} z {change.Z:0.0}");
                }
            }
        }
        output.WriteLine($"{cases} series");
        output.WriteLine(score.Report());
        Assert.True(score.Precision >= 0.95, score.Report());
        Assert.True(score.Recall >= 0.9, score.Report());
    }

    [Fact]
    public void Detect_OneTenantSlowOthersFine_IsOneSlowTenantStory()
    {
        var now = Synthetic.Jst(2026, 11, 18, 12);
        var slowFrom = Synthetic.Jst(2026, 11, 15, 11);
        var random = new Random(11);
        var tenants = new List<LatencySeries>();
        for (var t = 0; t < 8; t++)
        {
            var (series, _) = Generate(Plant.Plain, random, now, tenant: $"t{t}", baseMs: 600 + (30 * t), requestScale: t == 0 ? 400 : 150);
            if (t == 0)
                series = Slow(series, slowFrom, 4);
            tenants.Add(series);
        }
        // The path over all tenants: the slow tenant is a quarter of the requests, so the path's p95 rises too.
        var (path, _) = Generate(Plant.Plain, random, now, baseMs: 650, requestScale: 1500);
        path = Slow(path, slowFrom, 2.2);

        var findings = new LatencyRegressionDetector(Options, Synthetic.Calendar)
            .Detect("prod", [path], tenants, new Dictionary<string, string> { ["t0"] = "株式会社サクラ物流" }, now);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKind.SlowTenant, finding.Kind);
        Assert.Equal("t0", finding.Subject);
        Assert.Equal(slowFrom, finding.Start);
        Assert.Equal("株式会社サクラ物流", finding.Labels[Facts.LabelTenantName]);
        Assert.InRange(finding.Numbers[Facts.OthersRatio], 3, 6);
        Assert.Equal("/incident?env=prod&finding=" + Uri.EscapeDataString("prod:SlowTenant:" + finding.Subject), finding.Url);
    }

    [Fact]
    public void Detect_EveryTenantSlower_IsOnePathRegression()
    {
        var now = Synthetic.Jst(2026, 11, 18, 12);
        var slowFrom = Synthetic.Jst(2026, 11, 16, 9);
        var random = new Random(12);
        var tenants = Enumerable.Range(0, 6)
            .Select(t => Slow(Generate(Plant.Plain, random, now, tenant: $"t{t}", baseMs: 300, requestScale: 200).Series, slowFrom, 2))
            .ToList();
        var path = Slow(Generate(Plant.Plain, random, now, baseMs: 300, requestScale: 1200).Series, slowFrom, 2);

        var findings = new LatencyRegressionDetector(Options, Synthetic.Calendar).Detect("prod", [path], tenants, new Dictionary<string, string>(), now);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingKind.LatencyRegression, finding.Kind);
        Assert.Equal("/api/x", finding.Subject);
        Assert.Equal(slowFrom, finding.Start);
        Assert.Equal(6, finding.Numbers[Facts.TenantsRegressed]);
    }

    // A change at night is seen when traffic returns: hours with too few requests say nothing about p95.
    private static DateTimeOffset FirstVisible(LatencySeries s, DateTimeOffset planted)
    {
        for (var i = 0; i < s.P95.Count; i++)
        {
            if (s.P95.TimeAt(i) >= planted && s.Requests!.Values[i] >= Options.LatencyMinRequestsPerHour)
                return s.P95.TimeAt(i);
        }
        return planted;
    }

    private static LatencySeries Slow(LatencySeries s, DateTimeOffset from, double factor) =>
        s with { P95 = s.P95 with { Values = s.P95.Values.Select((v, i) => s.P95.TimeAt(i) >= from ? v * factor : v).ToArray() } };

    /// <summary>21 days of hourly p95 (ms) and requests for one path, p95 noisier when requests are few; and the planted start.</summary>
    private static (LatencySeries Series, DateTimeOffset? Planted) Generate(Plant plant, Random random, DateTimeOffset now, string? tenant = null,
        double baseMs = 400, double requestScale = 600)
    {
        var hours = 21 * 24;
        var start = now.AddHours(-hours);
        var p95 = new double[hours];
        var requests = new double[hours];
        DateTimeOffset? planted = plant switch
        {
            Plant.Step or Plant.BigStep or Plant.StepLowTraffic or Plant.StepNoisy => now.AddHours(-random.Next(12, 10 * 24)),
            _ => null,
        };
        var factor = plant switch { Plant.BigStep => 4.0, Plant.Step or Plant.StepLowTraffic => new[] { 1.8, 2.0, 3.0 }[random.Next(3)], Plant.StepNoisy => 2.5, _ => 1 };
        var scale = plant is Plant.StepLowTraffic or Plant.LowTrafficNights ? 120 : requestScale;
        var noise = plant == Plant.StepNoisy ? 0.15 : 0.05;
        var blip = now.AddHours(-random.Next(6, 6 * 24));
        var ended = now.AddDays(-10);
        for (var i = 0; i < hours; i++)
        {
            var t = start.AddHours(i);
            var load = Synthetic.Load(t);
            var n = Math.Max(0, Math.Round((scale * load) + (Math.Sqrt(scale * load) * Synthetic.Normal(random))));
            requests[i] = n;
            var ms = baseMs * (1 + (0.12 * load)) * Math.Exp(((noise + (0.6 / Math.Sqrt(Math.Max(n, 1)))) * Synthetic.Normal(random)));
            if (planted is { } from && t >= from)
                ms *= factor;
            if (plant == Plant.OneHourBlip && t >= blip && t < blip.AddHours(1))
                ms *= 5;
            if (plant == Plant.ThreeHourSpike && t >= blip && t < blip.AddHours(3))
                ms *= 3;
            if (plant == Plant.SlowDrift)
                ms *= Math.Pow(1.01, (t - start).TotalDays);
            if (plant == Plant.EndedLongAgo && t >= ended.AddDays(-2) && t < ended)
                ms *= 3;
            p95[i] = n > 0 ? ms : double.NaN;
        }
        var series = new LatencySeries("/api/x", tenant, new RegularSeries(start, TimeSpan.FromHours(1), p95), new RegularSeries(start, TimeSpan.FromHours(1), requests), [], []);
        return (series, planted);
    }
}
