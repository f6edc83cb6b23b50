using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Charts;

public sealed class ChartDownsamplerTests
{
    private static readonly DateTimeOffset T0 = Utc.At("2026-11-01T00:00Z");

    // 30 days of hourly points: a daily wave with noise from a fixed seed, one spike and one dip planted away from the wave's turns.
    private static List<ChartPoint> Month()
    {
        var random = new Random(7);
        var points = new List<ChartPoint>();
        for (var h = 0; h < 720; h++)
        {
            var value = 100 + (30 * Math.Sin(h * 2 * Math.PI / 24)) + random.NextDouble() * 5;
            if (h == 333)
                value = 900;
            if (h == 517)
                value = 1;
            points.Add(new ChartPoint(T0.AddHours(h), T0.AddHours(h), value, ""));
        }
        return points;
    }

    [Fact]
    public void ToPixelColumns_MonthOnHundredColumns_AtMostFourPerColumnKeepingEndsAndExtremes()
    {
        var month = Month();

        var drawn = ChartDownsampler.ToPixelColumns(month, new TimeWindow(T0, T0.AddDays(30)), 100);

        Assert.InRange(drawn.Count, 100, 400);
        Assert.Equal(month[0], drawn[0]);
        Assert.Equal(month[^1], drawn[^1]);
        Assert.Contains(month[333], drawn);
        Assert.Contains(month[517], drawn);
        Assert.Equal(drawn.OrderBy(p => p.X).ToList(), drawn);
        Assert.Equal(drawn.Count, drawn.Distinct().Count());
        // Every column's own lowest and highest value survives, so the drawn envelope equals the data's.
        foreach (var column in month.GroupBy(p => (int)((p.X - T0).TotalHours / 7.2)))
        {
            Assert.Contains(column.MinBy(p => p.Value)!, drawn);
            Assert.Contains(column.MaxBy(p => p.Value)!, drawn);
        }
    }

    [Fact]
    public void ToPixelColumns_FewerPointsThanColumns_Unchanged()
    {
        var week = Month().Take(168).ToList();

        var drawn = ChartDownsampler.ToPixelColumns(week, new TimeWindow(T0, T0.AddDays(7)), 682);

        Assert.Same(week, drawn);
    }
}
