using System.Text.RegularExpressions;
using OpsReport.Core.Text;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// A store collected for only part of the SLO windows, as during the first collection (the backfill runs oldest first):
/// the overview's SLO lines, /slos and the weekly PDF say "not enough data yet" for every SLO, never met or breached.
/// </summary>
public sealed partial class SloCoverageTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private ConfiguredAppFactory? _app;

    private string DataDir => Path.Combine(_root.Path, "data");

    public async Task InitializeAsync()
    {
        // Three weeks up to 8 November: half of the 28-day window that ends now (22 November), a third of the month so far.
        var result = await new CliProcess(_root.Path).With("OPSREPORT_FIXED_NOW", DemoStoreFixture.FixedNow)
            .RunAsync("collect", "--env", "prod", "--from", "2026-10-18T00:00:00Z", "--to", "2026-11-08T00:00:00Z", "--data-dir", DataDir);
        Assert.True(result.ExitCode == 0, result.ToString());
        _app = new ConfiguredAppFactory(new Dictionary<string, string>(), DataDir);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        _root.Dispose();
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task Pages_StoreCollectedForPartOfTheWindows_EverySloSaysNotEnoughDataYet(string lang)
    {
        var client = _app!.CreateClient();
        var label = TextCatalog.Get(lang, "slo.state.NotEnoughData");

        var overview = HtmlSlice.Between(await client.GetStringAsync($"/?env=prod&lang={lang}"), "data-testid=\"slo-overview\"", "</section>");
        var slos = await client.GetStringAsync($"/slos?env=prod&lang={lang}");

        var states = StateAttribute().Matches(overview).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, states.Count);
        Assert.All(states, s => Assert.Equal("notenoughdata", s));
        Assert.Equal(2, Regex.Count(ReaderLanguage.VisibleText(overview), Regex.Escape(label)));
        Assert.Contains(TextCatalog.Format(lang, "slo.coverage.collected", "50 %", TextCatalog.Format(lang, "slo.window.rolling", 28)), ReaderLanguage.VisibleText(overview));
        var slosText = ReaderLanguage.VisibleText(slos);
        // The state column of the summary and of the per-tenant table reads the state, not "no data".
        Assert.Equal(2, Regex.Count(ReaderLanguage.VisibleText(HtmlSlice.Between(slos, "data-testid=\"table-summary\"", "</table>")), Regex.Escape(label)));
        var tenantRows = HtmlSlice.Between(slos, "data-testid=\"table-exports-fast-tenants\"", "</table>");
        var tenants = Regex.Count(tenantRows, "<tr") - 1;
        Assert.True(tenants > 0, "the per-tenant table has no rows");
        Assert.Equal(tenants, Regex.Count(ReaderLanguage.VisibleText(tenantRows), Regex.Escape(label)));
        foreach (var verdict in new[] { "Met", "AtRisk", "Breached" })
            Assert.DoesNotContain(">" + TextCatalog.Get(lang, "slo.state." + verdict) + "<", slos);
        Assert.Contains(label, slosText);
        var note = TextCatalog.Format(lang, "slo.coverage.notEnough", "50 %", "95 %");
        Assert.True(slosText.Contains(note, StringComparison.Ordinal), $"no \"{note}\" in: {string.Join(" | ", slosText.Split('\n').Where(l => l.Contains(" %", StringComparison.Ordinal)).Select(l => l.Trim()))}");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task WeeklyPdf_StoreCollectedForPartOfTheWindows_SloSectionSaysNotEnoughDataYet(string lang)
    {
        var pdf = await _app!.CreateClient().GetByteArrayAsync($"/reports/weekly.pdf?env=prod&period=2026-W47&lang={lang}");
        var file = Path.Combine(_root.Path, $"weekly-{lang}.pdf");
        await File.WriteAllBytesAsync(file, pdf);

        var text = (await Tool.RunAsync("pdftotext", "-enc", "UTF-8", file, "-")).ReplaceLineEndings(" ");

        Assert.Equal(2, Regex.Count(text, Regex.Escape(TextCatalog.Get(lang, "slo.state.NotEnoughData"))));
        foreach (var verdict in new[] { "Met", "AtRisk", "Breached" })
            Assert.DoesNotMatch(@"(?<![\w])" + Regex.Escape(TextCatalog.Get(lang, "slo.state." + verdict)) + @"(?![\w])", text);
    }

    [GeneratedRegex("data-state=\"([a-z]+)\"")]
    private static partial Regex StateAttribute();
}
