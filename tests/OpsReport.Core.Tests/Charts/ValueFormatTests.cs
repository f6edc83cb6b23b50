using System.Globalization;
using OpsReport.Core.Charts;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Charts;

public sealed class ValueFormatTests
{
    [Theory]
    [InlineData(12.34, "ms", "12.3 ms")]
    [InlineData(250, "ms", "250 ms")]
    [InlineData(1234, "ms", "1.23 s")]
    [InlineData(12_345, "ms", "12 s")]
    [InlineData(999, "bytes", "999 B")]
    [InlineData(1500, "bytes", "1.5 KB")]
    [InlineData(250_000_000, "bytes", "250 MB")]
    [InlineData(3_400_000_000, "bytes", "3.4 GB")]
    [InlineData(45, "%", "45.0 %")]
    [InlineData(12.3, "USD", "$12.30")]
    [InlineData(1234.4, "USD", "$1,234")]
    [InlineData(0.42, "USD", "$0.42")]
    [InlineData(12, "count", "12")]
    [InlineData(1234, "count", "1.2k")]
    [InlineData(12_345, "count", "12k")]
    [InlineData(1_234_567, "count", "1.2M")]
    [InlineData(2.345, "ratio", "2.3×")]
    [InlineData(1234.5, "req/s", "1,234.5 req/s")]
    [InlineData(7, "", "7")]
    public void Format_ValueWithUnit_ReadsTheWayPeopleSayIt(double value, string unit, string expected)
    {
        Assert.Equal(expected, ValueFormat.Format(value, unit));
    }

    [Theory]
    [InlineData("ms")]
    [InlineData("bytes")]
    [InlineData("USD")]
    [InlineData("count")]
    public void Format_Null_IsNoDataNotZero(string unit)
    {
        Assert.Equal("no data", ValueFormat.Format(null, unit));
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("ja-JP")]
    [InlineData("fr-FR")]
    public void Format_UserCultureIsCurrent_StillUsesInvariantNumbers(string culture)
    {
        using var _ = new CultureScope(culture);

        Assert.Equal("12.3 ms", ValueFormat.Format(12.34, "ms"));
        Assert.Equal("1.23 s", ValueFormat.Format(1234, "ms"));
        Assert.Equal("$12,345", ValueFormat.Format(12_345.2, "USD"));
        Assert.Equal("$1.50", ValueFormat.Format(1.5, "USD"));
        Assert.Equal("3.4 GB", ValueFormat.Format(3_400_000_000, "bytes"));
        Assert.Equal("45.5 %", ValueFormat.Format(45.5, "%"));
        Assert.Equal("1.2k", ValueFormat.Format(1234, "count"));
        Assert.Equal("+12 %", ValueFormat.Change(112, 100));
    }

    [Fact]
    public void Format_ExplicitCulture_IsUsedForOnScreenText()
    {
        Assert.Equal("12,3 ms", ValueFormat.Format(12.34, "ms", CultureInfo.GetCultureInfo("de-DE")));
    }

    [Theory]
    [InlineData(112.0, 100.0, "+12 %")]
    [InlineData(95.0, 100.0, "−5.0 %")]
    [InlineData(100.0, 100.0, "±0.0 %")]
    [InlineData(5.0, 0.0, "new")]
    [InlineData(0.0, 0.0, "±0 %")]
    [InlineData(null, 100.0, "no data")]
    [InlineData(100.0, null, "no data")]
    public void Change_CurrentAgainstPrevious_IsSignedPercentOrWord(double? current, double? previous, string expected)
    {
        Assert.Equal(expected, ValueFormat.Change(current, previous));
    }

    [Fact]
    public void AxisLabels_MillisecondsReachingSeconds_AreAllInSecondsWithOneNumberOfDecimals()
    {
        Assert.Equal(["0.0 s", "2.5 s", "5.0 s", "7.5 s", "10.0 s"], ValueFormat.AxisLabels([0, 2500, 5000, 7500, 10000], "ms"));
        Assert.Equal(["0 ms", "200 ms", "400 ms"], ValueFormat.AxisLabels([0, 200, 400], "ms"));
        Assert.Equal(["0 B", "1.0 KB"], ValueFormat.AxisLabels([0, 1000], "bytes"));
    }

    [Theory]
    [InlineData(59.6, 42.5, "+17.1")]
    [InlineData(40, 42.5, "−2.5")]
    [InlineData(42.52, 42.5, "±0.0")]
    public void Points_DifferenceOfPercentages_IsSignedPoints(double current, double previous, string expected) =>
        Assert.Equal(expected, ValueFormat.Points(current - previous));
}
