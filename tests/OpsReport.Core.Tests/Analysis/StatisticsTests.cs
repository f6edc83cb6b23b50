using OpsReport.Core.Analysis;

namespace OpsReport.Core.Tests.Analysis;

public sealed class StatisticsTests
{
    [Fact]
    public void TheilSen_LineWithOutliers_KeepsTheSlope()
    {
        var x = Enumerable.Range(0, 40).Select(i => (double)i).ToList();
        var y = x.Select(v => 3 + (0.5 * v)).ToList();
        y[5] = 100;
        y[17] = -50;
        y[30] = 80;

        Assert.Equal(0.5, TheilSen.Slope(x, y), 6);
        Assert.Equal(3, TheilSen.Intercept(x, y, 0.5), 6);
    }

    [Fact]
    public void TheilSen_Segments_IgnoresTheDropsBetweenThem()
    {
        IReadOnlyList<double> x1 = [0, 1, 2, 3], y1 = [10, 12, 14, 16], x2 = [4, 5, 6, 7], y2 = [10, 12, 14, 16];

        Assert.Equal(2, TheilSen.Slope([(x1, y1), (x2, y2)]), 6);
        Assert.True(TheilSen.Slope(x1.Concat(x2).ToList(), y1.Concat(y2).ToList()) < 2);
    }

    [Fact]
    public void MannKendall_RisingFallingAndFlat_HaveTheRightSign()
    {
        var random = new Random(1);
        var rising = Enumerable.Range(0, 50).Select(i => i + (5 * Synthetic.Normal(random))).ToList();
        var flat = Enumerable.Range(0, 50).Select(_ => 5 * Synthetic.Normal(random)).ToList();

        Assert.True(MannKendall.Test(rising).Z > 5);
        Assert.True(MannKendall.Test(rising.AsEnumerable().Reverse().ToList()).Z < -5);
        Assert.InRange(MannKendall.Test(flat).Z, -3, 3);
        // Ties (a flat, rounded line) give no trend.
        Assert.Equal(0, MannKendall.Test([1, 1, 1, 1, 1]).Z);
    }

    [Fact]
    public void ChangePoint_LevelShiftWithGaps_FindsTheFirstValueOfTheNewLevel()
    {
        var values = Enumerable.Range(0, 60).Select(i => i < 37 ? 10.0 : 25.0).ToArray();
        values[20] = double.NaN;
        values[40] = double.NaN;

        var cp = ChangePoint.Find(values, 3);

        Assert.NotNull(cp);
        Assert.Equal(37, cp.Value.Index);
        Assert.Equal(15, cp.Value.Shift, 6);
    }

    [Fact]
    public void RobustStatistics_MedianMadQuantile()
    {
        Assert.Equal(3, RobustStatistics.Median([5, 1, 3, double.NaN]));
        Assert.Equal(2.5, RobustStatistics.Median([4, 1, 3, 2]));
        Assert.Equal(1, RobustStatistics.Mad([1, 2, 3, 4, 100]));
        Assert.Equal(2.5, RobustStatistics.Quantile([1, 2, 3, 4], 0.5), 6);
        Assert.True(double.IsNaN(RobustStatistics.Median([])));
    }
}
