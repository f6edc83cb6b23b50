using OpsReport.Core.Panels;

namespace OpsReport.Core.Tests.Panels;

public sealed class PanelTextTests
{
    [Fact]
    public void For_JapaneseOrAnythingElse_PicksTheLanguage()
    {
        Assert.Same(PanelText.Japanese, PanelText.For("ja"));
        Assert.Same(PanelText.English, PanelText.For("en"));
        Assert.Same(PanelText.English, PanelText.For(null));
    }

    [Fact]
    public void Localize_Japanese_WordsMissingCellsAndKeepsNumbers()
    {
        var panel = new PanelData(PanelKind.Memory, "t", "s", null,
            new PanelTable(["Service", "Peak"], [[new PanelCell("api"), PanelCell.Missing], [new PanelCell("web"), new PanelCell("40.0 %", 40)]], ["service", "peak"]), []);

        var japanese = PanelText.Japanese.Localize(panel);

        Assert.Equal("データなし", japanese.Table.Rows[0][1].Text);
        Assert.Equal(CellTone.Missing, japanese.Table.Rows[0][1].Tone);
        Assert.Equal(40, japanese.Table.Rows[1][1].Value);
        Assert.Equal(["service", "peak"], japanese.Table.Keys);
        Assert.Same(panel, PanelText.English.Localize(panel));
    }

    [Fact]
    public void Periods_JapaneseDay_NamesYesterdayInJapanese()
    {
        var tokyo = new OpsReport.Core.Time.ZoneCalendar("Asia/Tokyo");
        var periods = OverviewRange.Day.Periods(new DateTimeOffset(2026, 11, 18, 3, 0, 0, TimeSpan.Zero), tokyo, "ja");

        Assert.Equal("昨日（11/17(火)）", periods.CurrentLabel);
        Assert.Equal("11/10(火)", periods.PreviousLabel);
    }
}
