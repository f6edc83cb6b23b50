using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Slos;
using OpsReport.Core.Time;
using Xunit.Abstractions;

namespace OpsReport.Core.Tests.Slos;

/// <summary>Burn findings on synthetic hourly counts: 35 days, a quiet baseline burning at 0.3× unless a burn is planted.</summary>
public sealed class SloBurnDetectorTests(ITestOutputHelper output)
{
    private const int Days35 = 35 * 24;
    private static readonly SloOptions Options = new();
    private static readonly SloDefinition Slo = SyntheticSloCounts.Definition();

    private Finding? Detect(SyntheticSloCounts counts, DateTimeOffset? asOf = null, int seed = 7)
    {
        var series = counts.Build(Slo, seed);
        var at = asOf ?? counts.End;
        var status = SloEvaluator.Evaluate(series, at - TimeSpan.FromDays(28), at, Options);
        var finding = new SloBurnDetector(Options).Detect("prod", status, series, at, at - TimeSpan.FromDays(7));
        var rendered = finding is null ? null : new FindingText("en", new ZoneCalendar("UTC")).Render(finding);
        output.WriteLine(rendered is null
            ? $"no finding; state {status.State}, budget left {status.BudgetLeft:P1}, burn 1h/6h/24h/3d {string.Join(" / ", status.BurnRates.Select(b => b.Rate?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "-"))}"
            : $"{rendered.Severity} {rendered.State} {rendered.Start:u} → {rendered.End:u}: {rendered.Summary} | {rendered.Evidence}");
        return rendered;
    }

    [Fact]
    public void Detect_PlantedFastBurn_CriticalFindingOpensWithinAnHourOfOnset()
    {
        var onset = Days35 - 10;
        var finding = Detect(new SyntheticSloCounts(Days35, 0.3).Plant(onset, Days35, 10));

        Assert.NotNull(finding);
        Assert.Equal((FindingKind.SloBurn, "checkout-fast", Severity.Critical, FindingState.Open), (finding.Kind, finding.Subject, finding.Severity, finding.State));
        Assert.InRange((finding.Start - SyntheticSloCounts.Start).TotalHours, onset - 1, onset + 1);
        Assert.Null(finding.End);
        Assert.Contains("Checkout is fast (prod) has been burning its error budget", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("of the 28-day error budget was left at ", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("runs out", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_FastBurnThatRecovered_EndsWithinAnHourOfRecovery()
    {
        var counts = new SyntheticSloCounts(Days35, 0.3).Plant(Days35 - 30, Days35 - 25, 10);
        var recovery = counts.HourAt(Days35 - 25);

        var finding = Detect(counts);

        Assert.NotNull(finding);
        Assert.Equal(FindingState.Resolved, finding.State);
        Assert.InRange((finding.Start - counts.HourAt(Days35 - 30)).TotalHours, -1, 1);
        Assert.NotNull(finding.End);
        Assert.InRange((finding.End!.Value - recovery).TotalHours, 0, 1);
        Assert.Contains("burned its error budget", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_FastBurnJustEnded_StaysOpenUntilTheMergeHoursPassQuiet()
    {
        var counts = new SyntheticSloCounts(Days35, 0.3).Plant(Days35 - 8, Days35 - 1, 10);

        var finding = Detect(counts);

        Assert.NotNull(finding);
        Assert.Equal(FindingState.Open, finding.State);
    }

    [Fact]
    public void Detect_PlantedSlowBurn_SlowRuleFiresAsWarning()
    {
        // 2× for four days: far too slow for the 6× rule, but it would spend the 28-day budget in two weeks.
        var onset = Days35 - 96;
        var finding = Detect(new SyntheticSloCounts(Days35, 0.3).Plant(onset, Days35, 2));

        Assert.NotNull(finding);
        Assert.Equal((Severity.Warning, FindingState.Open), (finding.Severity, finding.State));
        Assert.InRange((finding.Start - SyntheticSloCounts.Start).TotalHours, onset - 2, onset + 2);
    }

    [Fact]
    public void Detect_SlowBurnWithinBudget_NoFinding()
    {
        // 0.8× for two weeks: the budget would last longer than the window, so neither rule fires.
        Assert.Null(Detect(new SyntheticSloCounts(Days35, 0.3).Plant(Days35 - (14 * 24), Days35, 0.8)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Detect_PlainMonth_NoFinding(int seed)
    {
        Assert.Null(Detect(new SyntheticSloCounts(Days35, 0.5), seed: seed));
    }

    [Fact]
    public void Detect_BurnOlderThanReportWindow_NotReported()
    {
        Assert.Null(Detect(new SyntheticSloCounts(Days35, 0.3).Plant(24 * 10, (24 * 10) + 6, 10)));
    }

    [Fact]
    public void Detect_FewRequests_NoFinding()
    {
        var series = new SyntheticSloCounts(Days35, 0.3).Plant(Days35 - 10, Days35, 50).Build(Slo);
        // One request an hour, every one bad for ten hours: even three days hold fewer than BurnMinRequests (100) requests.
        for (var i = 0; i < series.Length; i++)
        {
            series.Total[i] = 1;
            series.Good[i] = i >= Days35 - 10 ? 0 : 1;
        }
        var status = SloEvaluator.Evaluate(series, series.HourAt(Days35 - (28 * 24)), series.HourAt(Days35), Options);

        Assert.Null(new SloBurnDetector(Options).Detect("prod", status, series, series.HourAt(Days35), series.HourAt(0)));
    }

    [Fact]
    public void Render_Japanese_NamesTitleWindowAndBudget()
    {
        var series = new SyntheticSloCounts(Days35, 0.3).Plant(Days35 - 10, Days35, 10).Build(Slo);
        var end = series.HourAt(Days35);
        var status = SloEvaluator.Evaluate(series, end - TimeSpan.FromDays(28), end, Options);
        var finding = new SloBurnDetector(Options).Detect("prod", status, series, end, end - TimeSpan.FromDays(7))!;

        var ja = new FindingText("ja", new ZoneCalendar("Asia/Tokyo")).Render(finding);
        output.WriteLine(ja.Summary + " | " + ja.Evidence);

        Assert.StartsWith("チェックアウトが速い（prod）は", ja.Summary, StringComparison.Ordinal);
        Assert.Contains("28 日間のエラーバジェットは残り", ja.Summary, StringComparison.Ordinal);
        Assert.Contains("バーンレートは直近 1 時間", ja.Evidence, StringComparison.Ordinal);
    }
}
