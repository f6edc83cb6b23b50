using System.Globalization;
using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;
using OpsReport.Core.Slos;

namespace OpsReport.Core.Tests.Analysis;

public sealed class FindingTextTests
{
    private static readonly DateTimeOffset Start = Synthetic.Jst(2026, 11, 10, 14);
    private static readonly FindingText En = new("en", Synthetic.Tokyo);
    private static readonly FindingText Ja = new("ja", Synthetic.Tokyo);

    private static Finding Make(FindingKind kind, string subject, Dictionary<string, double> numbers, Dictionary<string, string> labels, string env = "prod") =>
        new(env, kind, subject, Start, null, Severity.Warning, FindingState.Open, "", "", numbers, null, Start) { Labels = labels };

    public static TheoryData<FindingKind> Kinds => new(Enum.GetValues<FindingKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Summary_EveryKind_RendersInBothLanguagesWithTheNumbers(FindingKind kind)
    {
        var f = Sample(kind);

        var en = En.Render(f);
        var ja = Ja.Render(f);

        Assert.False(string.IsNullOrWhiteSpace(en.Summary));
        Assert.False(string.IsNullOrWhiteSpace(en.Evidence));
        Assert.False(string.IsNullOrWhiteSpace(ja.Summary));
        Assert.DoesNotContain("NaN", en.Summary + en.Evidence + ja.Summary + ja.Evidence);
        Assert.NotEqual(en.Summary, ja.Summary);
        foreach (var (number, where) in Expected(kind))
        {
            Assert.Contains(number, where == "en" ? en.Summary : ja.Summary);
        }
    }

    [Fact]
    public void DebugLogging_English_ReadsAsOneSentenceWithCostAndTime()
    {
        var text = En.Summary(Sample(FindingKind.DebugLogging));

        Assert.Equal("DEBUG logging has been on in /aws/lambda/billing-sync (staging) since Tue 10 Nov 14:00: 11× its usual volume over the last 24 hours, 86% DEBUG lines, about $4.10/day ($123/month).", text);
    }

    [Fact]
    public void MemoryEvidence_EachLanguage_SaysItsLevelIsTheTrendAtTheLastHourNotTheRawReading()
    {
        var f = Sample(FindingKind.MemoryTrend);

        // The overview's memory table shows the raw "latest" reading; the finding's level is the fitted trend.
        Assert.StartsWith("Trend level at the last hour analysed 46% (the table's \"latest\" is the raw reading); ", En.Evidence(f));
        Assert.StartsWith("分析した最後の時刻のトレンド値 46%（表の「最新」は実測値）", Ja.Evidence(f));
    }

    [Fact]
    public void DebugLogging_Japanese_ReadsAsOneSentenceWithCostAndTime()
    {
        var text = Ja.Summary(Sample(FindingKind.DebugLogging));

        Assert.Equal("/aws/lambda/billing-sync（staging）で 11月10日(火) 14:00 から DEBUG ログが出力されたままです: 直近 24 時間のログ量は通常の 11 倍、DEBUG 行が 86%、1 日あたり約 $4.10（月 $123）。", text);
    }

    [Fact]
    public void Numbers_ReaderCulture_FormatsSeparatorsThatWay()
    {
        var de = new FindingText("en", Synthetic.Tokyo, CultureInfo.GetCultureInfo("de-DE"));
        var f = Sample(FindingKind.SlowTenant);

        var text = de.Summary(f);

        Assert.Contains("8,96 s vs 1,80 s", text);
        Assert.Contains("Di 10 Nov", text);
    }

    [Fact]
    public void Times_OtherZone_AreShownInThatZone()
    {
        var utc = new FindingText("en", new OpsReport.Core.Time.ZoneCalendar("UTC"));

        Assert.Contains("since Tue 10 Nov 05:00", utc.Summary(Sample(FindingKind.DebugLogging)));
    }

    [Fact]
    public void Resolved_SaysFromAndTo()
    {
        var f = Sample(FindingKind.DebugLogging) with { State = FindingState.Resolved, End = Start.AddDays(2) };

        Assert.Contains("was on in /aws/lambda/billing-sync (staging) from Tue 10 Nov 14:00 to Thu 12 Nov 14:00", En.Summary(f));
        Assert.Contains("11月10日(火) 14:00 から 11月12日(木) 14:00 まで", Ja.Summary(f));
    }

    private static IEnumerable<(string Number, string Language)> Expected(FindingKind kind) => kind switch
    {
        FindingKind.DebugLogging => [("11×", "en"), ("86%", "en"), ("$4.10/day", "en"), ("$123/month", "en"), ("11 倍", "ja"), ("11月10日(火) 14:00", "ja")],
        FindingKind.LogVolume => [("3.2× over the last 24 hours", "en"), ("4.10 GB/day", "en"), ("直近 24 時間は通常の 3.2 倍", "ja")],
        FindingKind.MemoryTrend => [("8.4 points a day", "en"), ("90%", "en"), ("5.2 days", "en"), ("1 日 8.4 ポイント", "ja"), ("約 5.2 日後", "ja")],
        FindingKind.LatencyRegression => [("1.8×", "en"), ("410 ms vs 230 ms", "en"), ("410 ms（変更前 230 ms）", "ja")],
        FindingKind.SlowTenant => [("株式会社サクラ物流", "en"), ("8.96 s vs 1.80 s", "en"), ("5.0×", "en"), ("他のテナントは 1.80 s", "ja")],
        FindingKind.CostMover => [("60 GB a day", "en"), ("1.5 TB", "en"), ("$1.18/day → $2.24/day", "en"), ("$45/month", "en"), ("1 日 60 GB", "ja")],
        FindingKind.Anomaly => [("CPUUtilization of i-0abc.csv (prod) has been down at 8.0%", "en"), ("20% of its usual 40.0%", "en"), ("通常の 40.0% の 20%", "ja")],
        FindingKind.SloBurn => [("Exports download quickly (prod, Acme Corp) has been burning its error budget up to 12× too fast", "en"),
            ("38% of the 28-day error budget was left at ", "en"), ("エクスポートが速い（prod、Acme Corp）", "ja"), ("28 日間のエラーバジェットは残り 38%", "ja")],
        _ => [("2 log group(s)", "en"), ("/aws/lambda/a, /aws/lambda/b", "en"), ("2 ロググループ", "ja")],
    };

    private static Finding Sample(FindingKind kind) => kind switch
    {
        FindingKind.DebugLogging => Make(kind, "/aws/lambda/billing-sync",
            new() { [Facts.Ratio] = 11.2, [Facts.PeakRatio] = 14, [Facts.DebugShare] = 0.86, [Facts.DebugShareBefore] = 0.004, [Facts.UsdPerDay] = 4.1, [Facts.UsdPerMonth] = 123,
                [Facts.ExcessGbPerDay] = 5.39, [Facts.UsualPerDay] = 0.5 * LogVolumeDetector.BytesPerGb, [Facts.PricePerGb] = 0.76, [Facts.HighHours] = 140,
                [Facts.LinkedCostBefore] = 0.2, [Facts.LinkedCostNow] = 4.3 },
            new() { [Facts.LabelLogGroup] = "/aws/lambda/billing-sync", [Facts.LabelRegion] = "ap-northeast-1", [Facts.LabelCostLine] = "AmazonCloudWatch APN1-DataProcessing-Bytes", [Facts.LabelAccount] = "123456789012" },
            "staging"),
        FindingKind.LogVolume => Make(kind, "/ecs/api",
            new() { [Facts.Ratio] = 3.2, [Facts.PeakRatio] = 4, [Facts.ExcessGbPerDay] = 4.1, [Facts.UsualPerDay] = 2 * LogVolumeDetector.BytesPerGb, [Facts.UsdPerDay] = 2.05, [Facts.UsdPerMonth] = 62, [Facts.PricePerGb] = 0.5, [Facts.HighHours] = 30 },
            new() { [Facts.LabelLogGroup] = "/ecs/api", [Facts.LabelRegion] = "us-east-1" }),
        FindingKind.MemoryTrend => Make(kind, "api",
            new() { [Facts.SlopePerDay] = 8.4, [Facts.ThresholdPercent] = 90, [Facts.DaysToLimit] = 5.2, [Facts.LimitAt] = Start.AddDays(5.2).ToUnixTimeSeconds(), [Facts.CurrentPercent] = 46,
                [Facts.PeakPercent] = 63, [Facts.LongestRunHours] = 72, [Facts.Restarts] = 9, [Facts.MannKendallZ] = 12 },
            new() { [Facts.LabelService] = "api" }),
        FindingKind.LatencyRegression => Make(kind, "/api/reports",
            new() { [Facts.Ratio] = 1.78, [Facts.P95Now] = 410, [Facts.P95Before] = 230, [Facts.Requests] = 120_000, [Facts.Tenants] = 12, [Facts.TenantsRegressed] = 11 },
            new() { [Facts.LabelPath] = "/api/reports", [Facts.LabelBaseline] = "hourly" }),
        FindingKind.SlowTenant => Make(kind, "sakura-logistics",
            new() { [Facts.OthersRatio] = 4.97, [Facts.P95Others] = 1804, [Facts.P95Now] = 8963, [Facts.P95Before] = 1924, [Facts.Ratio] = 4.66, [Facts.Requests] = 7244, [Facts.DayStart] = Start.ToUnixTimeSeconds() },
            new() { [Facts.LabelTenantName] = "株式会社サクラ物流", [Facts.LabelPath] = "/api/exports/{id}/download", [Facts.LabelBaseline] = "day" }),
        FindingKind.CostMover => Make(kind, "sakura-ci-build-artifacts",
            new() { [Facts.UsdPerDayBefore] = 1.18, [Facts.UsdPerDayNow] = 2.24, [Facts.UsdPerMonthChange] = 45, [Facts.BucketGbPerDay] = 60, [Facts.BucketGb] = 1573, [Facts.WeekOverWeek] = 0.4, [Facts.ShareOfChange] = 0.92 },
            new() { [Facts.LabelBucket] = "sakura-ci-build-artifacts", [Facts.LabelCostLine] = "AmazonS3 APN1-TimedStorage-ByteHrs", [Facts.LabelAccount] = "123456789012" }),
        FindingKind.Anomaly => Make(kind, "i-0abc.csv",
            new() { [Facts.AnomalyBaseline] = 40, [Facts.AnomalyLevel] = 8, [Facts.AnomalyPeak] = 6.5, [Facts.AnomalyZ] = 14.3, [Facts.AnomalyMinutes] = 240 },
            new() { [Facts.LabelMetric] = "CPUUtilization", [Facts.LabelUnit] = "%", [Facts.LabelShape] = "LevelShift", [Facts.LabelDirection] = "Down", [Facts.LabelBaseline] = "trailing" }),
        FindingKind.SloBurn => Make(kind, "exports-fast/acme",
            new() { [SloBurnDetector.BudgetLeft] = 0.38, [SloBurnDetector.PeakBurn] = 12, [SloBurnDetector.WindowDays] = 28, [SloBurnDetector.Objective] = 0.99,
                [SloBurnDetector.Attainment] = 0.9962, [SloBurnDetector.Burn1h] = 9.1, [SloBurnDetector.Burn6h] = 8.3, [SloBurnDetector.Burn24h] = 4,
                [SloBurnDetector.ExhaustedAt] = (Start + TimeSpan.FromDays(2)).ToUnixTimeSeconds() },
            new() { [SloBurnDetector.LabelTitle] = "Exports download quickly", [SloBurnDetector.LabelTitleJa] = "エクスポートが速い", [Facts.LabelTenant] = "acme", [Facts.LabelTenantName] = "Acme Corp" }),
        _ => Make(kind, "log-retention", new() { [Facts.Count] = 2 },
            new() { [Facts.LabelCoverage] = "log-retention", [Facts.LabelDetail] = "/aws/lambda/a, /aws/lambda/b" }),
    };
}
