using OpsReport.Core.Slos;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Slos;

public sealed class SloChartSeriesTests
{
    private static readonly DateTimeOffset T0 = Utc.At("2026-11-17T00:00Z");

    private static readonly SloDefinition Exports = new("exports-fast", "Exports download quickly", "エクスポートが速い", "prod", SliKind.Latency, null,
        "/api/exports/{id}/download", TimeSpan.FromSeconds(2), 0.99, SloWindow.Rolling(28), true, "slos.yaml", 1);

    private static SloStatus Status(params SloHour[] hours) =>
        new(Exports, null, T0, T0.AddHours(hours.Length), null, null, null, null, [], null, SloState.Met, hours);

    [Fact]
    public void Attainment_HoursFromTheWindowStart_AccumulateGoodOverTotal()
    {
        // 995/1000 = 99.5 %; then 1980/2000 = 99.0 %.
        var points = SloChartSeries.Attainment(Status(new SloHour(T0, 995, 1000), new SloHour(T0.AddHours(1), 985, 1000)));

        Assert.Equal([T0, T0.AddHours(1)], points.Select(p => p.Timestamp));
        Assert.Equal(99.5, points[0].Value, 9);
        Assert.Equal(99.0, points[1].Value, 9);
    }

    [Fact]
    public void BudgetLeft_HalfTheAllowedBadShareThenAllOfIt_FallsFrom50To0Percent()
    {
        // Objective 99 %: 1 % may be bad. 5 bad of 1000 spends half; 20 bad of 2000 spends all of it.
        var points = SloChartSeries.BudgetLeft(Status(new SloHour(T0, 995, 1000), new SloHour(T0.AddHours(1), 985, 1000)));

        Assert.Equal(50.0, points[0].Value, 9);
        Assert.Equal(0.0, points[1].Value, 9);
    }

    [Fact]
    public void BudgetLeft_MoreBadThanTheBudget_GoesBelowZero()
    {
        var points = SloChartSeries.BudgetLeft(Status(new SloHour(T0, 970, 1000)));

        Assert.Equal(-200.0, Assert.Single(points).Value, 9);
    }

    [Fact]
    public void Attainment_HourWithoutCountsOrWithNoRequests_IsAGapNotAPoint()
    {
        var points = SloChartSeries.Attainment(Status(new SloHour(T0, 100, 100), new SloHour(T0.AddHours(2), 0, 0), new SloHour(T0.AddHours(3), 90, 100)));

        Assert.Equal([T0, T0.AddHours(3)], points.Select(p => p.Timestamp));
        Assert.Equal(95.0, points[1].Value, 9);
    }

    [Fact]
    public void Attainment_NoHours_IsEmpty()
    {
        Assert.Empty(SloChartSeries.Attainment(Status()));
    }
}
