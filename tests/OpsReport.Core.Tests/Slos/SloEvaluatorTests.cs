using OpsReport.Core.Configuration;
using OpsReport.Core.Slos;

namespace OpsReport.Core.Tests.Slos;

public sealed class SloEvaluatorTests
{
    private static readonly SloOptions Options = new();
    private static readonly SloDefinition Slo = SyntheticSloCounts.Definition(objective: 0.99, days: 28);
    private static readonly DateTimeOffset Start = SyntheticSloCounts.Start;

    // Every hour 1,000 requests with `bad` of them bad; hours listed in `missing` have no counts at all.
    private static SloSeries Series(int hours, Func<int, double> bad, params int[] missing)
    {
        var good = new double[hours];
        var total = new double[hours];
        for (var i = 0; i < hours; i++)
        {
            var absent = missing.Contains(i);
            total[i] = absent ? double.NaN : 1000;
            good[i] = absent ? double.NaN : 1000 - bad(i);
        }
        return new SloSeries(Slo, null, Start, good, total, true);
    }

    private static SloStatus Evaluate(SloSeries series) =>
        SloEvaluator.Evaluate(series, series.HourAt(series.Length - (28 * 24)), series.HourAt(series.Length), Options);

    [Theory]
    [InlineData(0, 21 * 24, 0.25)] // the first week collected, as a backfill running oldest first has it after its first chunk
    [InlineData(7 * 24, 0, 0.75)] // the last three weeks only: collection began a week into the window
    [InlineData(0, 2 * 24, 26 / 28.0)] // two days short of the end: 92 %, under the 95 % a verdict needs
    public void Evaluate_CountsSpanLessOfTheWindowThanMinCoverage_NotEnoughDataYetNeverMet(int missingAtStart, int missingAtEnd, double coverage)
    {
        var hours = 28 * 24;
        var missing = Enumerable.Range(0, missingAtStart).Concat(Enumerable.Range(hours - missingAtEnd, missingAtEnd)).ToArray();

        var status = Evaluate(Series(hours, _ => 2, missing));

        Assert.Equal(SloState.NotEnoughData, status.State);
        Assert.Equal(coverage, status.Coverage, 9);
        Assert.Equal(0.95, status.RequiredCoverage);
        Assert.Null(status.BudgetExhaustedAt);
        Assert.Equal(0.998, status.Attainment!.Value, 9);
    }

    [Fact]
    public void Evaluate_OneDayShortOfTheEndOrQuietNightsBetween_JudgedAsUsual()
    {
        var hours = 28 * 24;
        var lastDayMissing = Enumerable.Range(hours - 24, 24).ToArray();
        var nightsQuiet = Enumerable.Range(0, hours).Where(i => i % 24 < 6 && i >= 24 && i < hours - 24).ToArray();

        var shortByADay = Evaluate(Series(hours, _ => 2, lastDayMissing));
        var quietNights = Evaluate(Series(hours, _ => 20, nightsQuiet));

        Assert.Equal(27 / 28.0, shortByADay.Coverage, 9);
        Assert.Equal(SloState.Met, shortByADay.State);
        Assert.Equal(1, quietNights.Coverage, 9);
        Assert.Equal(SloState.Breached, quietNights.State);
    }

    [Fact]
    public void Evaluate_TenantFirstSeenLateInACollectedWindow_JudgedOnTheWholeSlosCoverage()
    {
        var hours = 28 * 24;
        var whole = Series(hours, _ => 2);
        var tenant = Series(hours, _ => 30, [.. Enumerable.Range(0, hours - (3 * 24))]) with { Tenant = "new-customer" };

        var judged = SloEvaluator.Evaluate(tenant, tenant.HourAt(0), tenant.HourAt(hours), Options, coverageOf: whole);
        var alone = SloEvaluator.Evaluate(tenant, tenant.HourAt(0), tenant.HourAt(hours), Options);

        Assert.Equal(SloState.Breached, judged.State);
        Assert.Equal(1, judged.Coverage, 9);
        Assert.Equal(SloState.NotEnoughData, alone.State);
    }

    [Fact]
    public void Evaluate_SteadyHalfBudget_MetWithHalfLeftAndNoExhaustion()
    {
        var status = Evaluate(Series(28 * 24, _ => 5));

        Assert.Equal(SloState.Met, status.State);
        Assert.Equal(672_000 - 3360, status.Good);
        Assert.Equal(672_000, status.Total);
        Assert.Equal(0.995, status.Attainment!.Value, 12);
        Assert.Equal(0.5, status.BudgetLeft!.Value, 9);
        Assert.Equal([1.0, 6, 24, 72], status.BurnRates.Select(b => b.Window.TotalHours));
        Assert.All(status.BurnRates, b => Assert.Equal(0.5, b.Rate!.Value, 9));
        Assert.Null(status.BudgetExhaustedAt);
        Assert.Equal(28 * 24, status.Hours.Count);
    }

    [Fact]
    public void Evaluate_LastDayAtFourTimes_ExhaustionAtTheDailyRate()
    {
        // 27 days at 0.2× (2 bad an hour), then a day at 4× (40 bad an hour).
        var hours = 28 * 24;
        var status = Evaluate(Series(hours, i => i >= hours - 24 ? 40 : 2));

        var bad = (27 * 24 * 2) + (24 * 40);
        var left = 1 - (bad / 672_000.0 / 0.01);
        Assert.Equal(left, status.BudgetLeft!.Value, 9);
        Assert.Equal(4, status.BurnRates[2].Rate!.Value, 9);
        // Bad requests the budget still allows, at 40 an hour.
        var hoursLeft = left * 0.01 * 672_000 / 40;
        Assert.Equal(Start + TimeSpan.FromHours(hours + hoursLeft), status.BudgetExhaustedAt!.Value);
        Assert.Equal(SloState.Met, status.State);
    }

    [Fact]
    public void Evaluate_LittleBudgetLeft_AtRisk()
    {
        var status = Evaluate(Series(28 * 24, _ => 8));

        Assert.Equal(0.2, status.BudgetLeft!.Value, 9);
        Assert.Equal(SloState.AtRisk, status.State);
    }

    [Fact]
    public void Evaluate_FastBurnNow_AtRiskThoughBudgetIsLeft()
    {
        var hours = 28 * 24;
        var status = Evaluate(Series(hours, i => i >= hours - 6 ? 80 : 1));

        Assert.True(status.BudgetLeft > Options.AtRiskBudgetLeft);
        Assert.Equal(SloState.AtRisk, status.State);
    }

    [Fact]
    public void Evaluate_BelowObjective_BreachedWithNegativeBudget()
    {
        var status = Evaluate(Series(28 * 24, _ => 15));

        Assert.Equal(-0.5, status.BudgetLeft!.Value, 9);
        Assert.Equal(SloState.Breached, status.State);
        Assert.Null(status.BudgetExhaustedAt);
    }

    [Fact]
    public void Evaluate_MissingHours_AreLeftOutNotCountedAsZero()
    {
        var status = Evaluate(Series(28 * 24, i => i < 24 ? 20 : 0, missing: [.. Enumerable.Range(24, 48)]));

        Assert.Equal(1000L * ((28 * 24) - 48), status.Total);
        Assert.Equal((28 * 24) - 48, status.Hours.Count);
        Assert.DoesNotContain(status.Hours, h => h.Hour >= Start + TimeSpan.FromHours(24) && h.Hour < Start + TimeSpan.FromHours(72));
    }

    [Fact]
    public void Evaluate_NoCounts_NoDataWithNullNumbers()
    {
        var status = Evaluate(Series(28 * 24, _ => 0, missing: [.. Enumerable.Range(0, 28 * 24)]));

        Assert.Equal(SloState.NoData, status.State);
        Assert.Null(status.Total);
        Assert.Null(status.Attainment);
        Assert.Null(status.BudgetLeft);
        Assert.All(status.BurnRates, b => Assert.Null(b.Rate));
    }

    [Fact]
    public void Evaluate_SourceWithoutGoodCounts_NoData()
    {
        var series = Series(28 * 24, _ => 0) with { HasSeries = false };

        Assert.Equal(SloState.NoData, Evaluate(series).State);
    }
}
