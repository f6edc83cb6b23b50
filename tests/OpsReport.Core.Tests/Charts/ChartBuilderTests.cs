using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Charts;

public sealed class ChartBuilderTests
{
    private static readonly ZoneCalendar Tokyo = new("Asia/Tokyo");
    private static readonly DateTimeOffset T0 = Utc.At("2026-11-17T00:00Z");
    private static readonly TimeWindow SixHours = new(T0, T0.AddHours(6));

    private static ChartBuilder Hourly(TimeWindow range, string unit = "ms") => new(Tokyo, "p95", unit, range, Resolution.Hour);

    [Fact]
    public void Build_MissingHours_AreNullOnTheGridNeverZero()
    {
        var points = new[] { new Point(T0, 100), new Point(T0.AddHours(1), 110), new Point(T0.AddHours(3), 130), new Point(T0.AddHours(4), 140) };

        var series = Assert.Single(Hourly(SixHours).Add("/api/orders", points, 0).Build().Series);

        Assert.Equal(Enumerable.Range(0, 6).Select(h => T0.AddHours(h)), series.Points.Select(p => p.X));
        Assert.Equal([100, 110, null, 130, 140, null], series.Points.Select(p => p.Value));
        Assert.EndsWith("no data", series.Points[2].Label, StringComparison.Ordinal);
    }

    [Fact]
    public void Segments_GapsInTheGrid_SplitTheLineIntoRuns()
    {
        var points = new[] { new Point(T0, 100), new Point(T0.AddHours(1), 110), new Point(T0.AddHours(3), 130), new Point(T0.AddHours(4), 140) };

        var series = Hourly(SixHours).Add("/api/orders", points, 0).Build().Series[0];

        Assert.Equal(2, series.Segments.Count);
        Assert.Equal([100.0, 110.0], series.Segments[0].Select(p => p.Value!.Value));
        Assert.Equal([130.0, 140.0], series.Segments[1].Select(p => p.Value!.Value));
    }

    [Fact]
    public void Segments_SinglePointBetweenGaps_IsItsOwnSegment()
    {
        var series = Hourly(SixHours).Add("x", [new Point(T0.AddHours(2), 5)], 0).Build().Series[0];

        var segment = Assert.Single(series.Segments);
        Assert.Equal(T0.AddHours(2), Assert.Single(segment).X);
    }

    [Fact]
    public void Add_PointsOutsideTheRange_AreIgnored()
    {
        var points = new[] { new Point(T0.AddHours(-1), 999), new Point(T0, 1), new Point(T0.AddHours(6), 999) };

        var model = Hourly(SixHours).Add("x", points, 0).Build();

        Assert.Equal([1.0], model.Series[0].Points.Where(p => p.Value is not null).Select(p => p.Value!.Value));
        Assert.True(model.Y.Max < 999);
    }

    [Fact]
    public void AddComparison_LastWeeksPoints_AreDrawnOnTheCurrentRangeWithOriginalTimestampsKept()
    {
        var lastWeek = TimeSpan.FromDays(7);
        var earlier = new[] { new Point(T0 - lastWeek, 80), new Point(T0.AddHours(2) - lastWeek, 95) };

        var model = Hourly(SixHours)
            .Add("/api/orders", [new Point(T0, 100)], 0)
            .AddComparison("/api/orders (week before)", earlier, lastWeek, 0)
            .Build();

        var comparison = model.Series[1];
        Assert.Equal(SeriesStyle.Comparison, comparison.Style);
        Assert.Equal(model.Series[0].Points.Select(p => p.X), comparison.Points.Select(p => p.X));
        Assert.Equal(comparison.Points.Select(p => p.X - lastWeek), comparison.Points.Select(p => p.Original));
        Assert.Equal([80, null, 95, null, null, null], comparison.Points.Select(p => p.Value));
        Assert.Equal(T0.AddHours(2), comparison.Points[2].X);
        Assert.Equal(T0.AddHours(2) - lastWeek, comparison.Points[2].Original);
        Assert.Contains("2026-11-10 11:00", comparison.Points[2].Label, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LatencyReachingASecond_YAxisCoversItInSecondsOnEveryTick()
    {
        var model = Hourly(SixHours).Add("x", [new Point(T0, 120), new Point(T0.AddHours(1), 1450)], 0).Build();

        Assert.True(model.Y.Min <= 0);
        Assert.True(model.Y.Max >= 1450);
        Assert.Equal(model.Y.Min, model.Y.Ticks[0].Value);
        Assert.Equal(model.Y.Max, model.Y.Ticks[^1].Value);
        // One unit per axis: never "0.0 ms" under "1.50 s".
        Assert.All(model.Y.Ticks, t => Assert.EndsWith(" s", t.Label, StringComparison.Ordinal));
        Assert.StartsWith("0", model.Y.Ticks[0].Label, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoValues_HasNoDataButStillAnAxis()
    {
        var model = Hourly(SixHours).Add("x", [], 0).Build();

        Assert.False(model.HasData);
        Assert.Equal(0, model.Y.Min);
        Assert.Equal(1, model.Y.Max);
        Assert.Empty(model.Series[0].Segments);
    }

    [Fact]
    public void Build_TimeAxis_UsesTheZoneAndItsTicks()
    {
        var model = Hourly(SixHours).Add("x", [new Point(T0, 1)], 0).Build();

        Assert.Equal("Asia/Tokyo", model.X.ZoneLabel);
        Assert.Equal(SixHours, model.X.Range);
        Assert.Equal(TimeTicks.Compute(SixHours, Tokyo).Select(t => t.Value), model.X.Ticks.Select(t => t.Value));
    }

    [Fact]
    public void Build_DailyStepInZone_SlotsAreLocalMidnights()
    {
        var range = new TimeWindow(Tokyo.IsoWeek(2026, 47).Start, Tokyo.IsoWeek(2026, 47).End);
        var monday = Tokyo.IsoWeek(2026, 47).Start;

        var series = new ChartBuilder(Tokyo, "d", "count", range, Resolution.Day)
            .Add("x", [new Point(monday, 10), new Point(monday.AddDays(2), 30)], 0).Build().Series[0];

        Assert.Equal(Enumerable.Range(0, 7).Select(d => monday.AddDays(d)), series.Points.Select(p => p.X));
        Assert.Equal([10, null, 30, null, null, null, null], series.Points.Select(p => p.Value));
    }

    [Fact]
    public void Build_UtcAlignedDays_SlotsAreUtcMidnights()
    {
        var range = new TimeWindow(Utc.At("2026-11-16T00:00Z"), Utc.At("2026-11-19T00:00Z"));

        var series = new ChartBuilder(Tokyo, "cost", "USD", range, Resolution.Day, utcAligned: true)
            .Add("EC2", [new Point(Utc.At("2026-11-17T00:00Z"), 12.5)], 0).Build().Series[0];

        Assert.Equal([Utc.At("2026-11-16T00:00Z"), Utc.At("2026-11-17T00:00Z"), Utc.At("2026-11-18T00:00Z")], series.Points.Select(p => p.X));
        Assert.Equal([null, 12.5, null], series.Points.Select(p => p.Value));
    }

    [Fact]
    public void Annotate_InsideOrOverlappingRange_IsKeptOtherwiseDropped()
    {
        var model = Hourly(SixHours)
            .Annotate(T0.AddHours(1), "deploy 1.2.3")
            .Annotate(T0.AddHours(-3), "collection gap", T0.AddHours(1))
            .Annotate(T0.AddHours(-3), "old incident", T0.AddHours(-1))
            .Annotate(T0.AddHours(6), "future")
            .Build();

        Assert.Equal(["deploy 1.2.3", "collection gap"], model.Annotations.Select(a => a.Label));
    }
}
