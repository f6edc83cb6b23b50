using OpsReport.Core.Charts;

namespace OpsReport.Core.Tests.Charts;

public sealed class NiceScaleTests
{
    private static readonly double[] NiceMantissas = [1, 2, 2.5, 5];

    [Theory]
    [InlineData(0, 100, true, 0, 100, 25)]
    [InlineData(3, 97, true, 0, 100, 25)]
    [InlineData(120, 180, false, 120, 180, 20)]
    [InlineData(-37, 12, true, -40, 20, 20)]
    [InlineData(-80, -20, false, -80, -20, 20)]
    [InlineData(0.0012, 0.0087, true, 0, 0.01, 0.0025)]
    [InlineData(0, 0, true, 0, 1, 0.25)]
    [InlineData(42, 42, false, 20, 80, 20)]
    public void Compute_KnownRanges_GivesExpectedNiceAxis(double dataMin, double dataMax, bool includeZero, double min, double max, double step)
    {
        var scale = NiceScale.Compute(dataMin, dataMax, 5, includeZero);

        Assert.Equal(min, scale.Min, 9);
        Assert.Equal(max, scale.Max, 9);
        Assert.Equal(step, scale.Step, 9);
    }

    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(0, 7.3, true)]
    [InlineData(12, 1875, true)]
    [InlineData(0.5, 0.51, false)]
    [InlineData(-5, 5, true)]
    [InlineData(-1234, -2, true)]
    [InlineData(99.5, 99.5, false)]
    [InlineData(-3, -3, true)]
    [InlineData(0, 0, false)]
    [InlineData(1e-6, 3e-6, true)]
    [InlineData(1e9, 5.5e9, true)]
    public void Ticks_AnyData_AreEvenNiceStepsCoveringTheData(double dataMin, double dataMax, bool includeZero)
    {
        var (min, max, step) = NiceScale.Compute(dataMin, dataMax, 5, includeZero);
        var ticks = NiceScale.Ticks(min, max, step);

        var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        Assert.Contains(NiceMantissas, m => Math.Abs(m - mantissa) < 1e-9);
        Assert.True(ticks[0] <= dataMin, $"first tick {ticks[0]} above data minimum {dataMin}");
        Assert.True(ticks[^1] >= dataMax, $"last tick {ticks[^1]} below data maximum {dataMax}");
        Assert.True(ticks[^1] > ticks[0], "a flat series still gets an axis with height");
        Assert.InRange(ticks.Count, 2, 11);
        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.Equal(step, pair.Second - pair.First, step * 1e-6));
        if (includeZero)
            Assert.Contains(ticks, t => Math.Abs(t) < step * 1e-6);
    }

    [Fact]
    public void Ticks_StepsThatAreNotExactInBinary_ComeOutRounded()
    {
        var ticks = NiceScale.Ticks(0, 1, 0.1);

        Assert.Equal([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], ticks);
    }

    [Fact]
    public void Compute_FewerThanTwoTicks_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.Compute(0, 10, 1));
    }

    [Fact]
    public void Compute_NaN_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => NiceScale.Compute(double.NaN, 10));
    }
}
