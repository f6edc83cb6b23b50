using OpsReport.Core.Slos;

namespace OpsReport.Core.Tests.Slos;

public sealed class SloLabelsTests
{
    private static readonly SloDefinition Exports = new("exports-fast", "Exports download quickly", "エクスポートが速い", "prod", SliKind.Latency, null,
        "/api/exports/{id}/download", TimeSpan.FromSeconds(2), 0.99, SloWindow.Rolling(28), true, "slos.yaml", 1);

    [Theory]
    [InlineData(0.991234, "99.12 %")]
    [InlineData(0.99951, "99.95 %")]
    [InlineData(1.0, "100.00 %")]
    public void Attainment_Share_TwoDecimalsSoNinetyNinePointNineFiveIsNotRoundedUp(double share, string expected)
    {
        Assert.Equal(expected, SloLabels.Attainment(share, "en"));
    }

    [Theory]
    [InlineData(0.99, "99.0 %")]
    [InlineData(0.999, "99.9 %")]
    [InlineData(0.9995, "99.95 %")]
    public void Objective_AsWritten_KeepsItsDecimals(double share, string expected)
    {
        Assert.Equal(expected, SloLabels.Objective(share, "en"));
    }

    [Theory]
    [InlineData(0.354, "35.4 %")]
    [InlineData(-0.2, "−20.0 %")]
    [InlineData(0.0, "0.0 %")]
    public void Budget_LeftOrOverspent_OneDecimalWithASign(double share, string expected)
    {
        Assert.Equal(expected, SloLabels.Budget(share, "en"));
    }

    [Theory]
    [InlineData("en", "no data")]
    [InlineData("ja", "データなし")]
    public void Numbers_Missing_ReadNoDataInTheReadersLanguage(string language, string expected)
    {
        Assert.Equal(expected, SloLabels.Attainment(null, language));
        Assert.Equal(expected, SloLabels.Budget(null, language));
        Assert.Equal(expected, SloLabels.BurnRate(null, language));
        Assert.Equal(expected, SloLabels.Requests(null, language));
    }

    [Fact]
    public void Title_Japanese_UsesTheJapaneseTitleWhereTheDefinitionHasOne()
    {
        Assert.Equal("エクスポートが速い", SloLabels.Title(Exports, "ja"));
        Assert.Equal("Exports download quickly", SloLabels.Title(Exports, "en"));
        Assert.Equal("Exports download quickly", SloLabels.Title(Exports with { TitleJa = null }, "ja"));
    }

    [Theory]
    [InlineData("en", "met", "at risk", "breached", "no data")]
    [InlineData("ja", "達成", "要注意", "未達", "データなし")]
    public void State_EachState_HasItsOwnWords(string language, string met, string atRisk, string breached, string noData)
    {
        Assert.Equal([met, atRisk, breached, noData], new[] { SloState.Met, SloState.AtRisk, SloState.Breached, SloState.NoData }.Select(s => SloLabels.State(s, language)));
    }

    [Fact]
    public void Indicator_LatencySli_SaysTheThresholdAndThePath()
    {
        Assert.Equal("at or under 2 s · /api/exports/{id}/download", SloLabels.Indicator(Exports, "en"));
        Assert.Equal("2 s 以内 · /api/exports/{id}/download", SloLabels.Indicator(Exports, "ja"));
        Assert.Equal("28 days", SloLabels.Window(Exports.Window, "en"));
        Assert.Equal("暦月", SloLabels.Window(SloWindow.Month, "ja"));
    }

    [Theory]
    [InlineData(2000, "2 s")]
    [InlineData(1500, "1.5 s")]
    [InlineData(500, "500 ms")]
    public void Threshold_AsWritten_SecondsFromOneSecondUp(int milliseconds, string expected)
    {
        Assert.Equal(expected, SloLabels.Threshold(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData(1, "1 h")]
    [InlineData(24, "24 h")]
    [InlineData(72, "3 days")]
    public void BurnWindow_HoursAndDays_ReadAsPeopleSayThem(int hours, string expected)
    {
        Assert.Equal(expected, SloLabels.BurnWindow(TimeSpan.FromHours(hours), "en"));
    }
}
