using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsReport.Core.Panels;
using OpsReport.Core.Time;
using OpsReport.Reports;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// On the Monday morning after an ISO week, the overview's "last 7 days" tiles and the weekly PDF cover the same window:
/// the tiles on <c>/</c> and the PDF's headlines for that week read the same numbers, on the page and in the PDF's text.
/// </summary>
public sealed class KpiHeadlineAgreementTests(KpiHeadlineAgreementTests.MondayStore app) : IClassFixture<KpiHeadlineAgreementTests.MondayStore>
{
    // Monday 2026-11-23 09:30 in Asia/Tokyo: 2026-W47 ended 9.5 hours ago.
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("en", KpiKind.MemoryPeak, "memory")]
    [InlineData("en", KpiKind.Cost, "cost")]
    [InlineData("ja", KpiKind.MemoryPeak, "memory")]
    [InlineData("ja", KpiKind.Cost, "cost")]
    public async Task OverviewTileAndPdfHeadline_SameWeek_ShowTheSameNumber(string language, KpiKind kind, string headlineKey)
    {
        // The premise, from the owners of both windows: the tiles' last 7 local days are the report's ISO week.
        var calendar = app.Services.GetRequiredService<ZoneCalendar>();
        var period = ReportPeriod.PreviousComplete(Monday, calendar);
        var kpis = await app.Services.GetRequiredService<StandupQuery>().KpisAsync("prod", Monday);
        Assert.Equal("2026-W47", period.Name);
        Assert.Equal(period.Window(calendar), kpis.Week);

        var html = await app.CreateClient().GetStringAsync($"/?env=prod&lang={language}");
        var tile = HtmlSlice.Between(html, $"data-kpi=\"{kind}\"", "</a>");
        var tileValue = ReaderLanguage.VisibleText(HtmlSlice.Between(tile, "class=\"kpi-value\">", "</span>")).Trim();

        var document = await app.Services.GetRequiredService<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly", "prod", period.Name, Language: language));
        var headline = Assert.Single(document.Headlines, h => h.Key == headlineKey);
        Assert.NotNull(headline.RawValue);
        Assert.Equal(tileValue, headline.Value);
        Assert.Equal(kpis.Tiles.Single(t => t.Kind == kind).Current!.Value, headline.RawValue!.Value, 6);

        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "weekly.pdf");
        await File.WriteAllBytesAsync(file, await app.CreateClient().GetByteArrayAsync($"/reports/weekly.pdf?env=prod&period={period.Name}&lang={language}"));
        var cover = (await Tool.RunAsync("pdftotext", "-l", "1", "-enc", "UTF-8", file, "-")).ReplaceLineEndings(" ");
        Assert.Contains(tileValue, cover);
    }

    /// <summary>The demo store collected and analysed with the clock on the Monday after 2026-W47.</summary>
    public sealed class MondayStore : DemoAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(new FixedTimeProvider(Monday));
            });
        }
    }
}
