using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Panels;
using OpsReport.Core.Text;
using OpsReport.Reports;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// Stores where one feed (latency, memory, logs, AWS cost) is missing entirely, each in turn: every tile, strip, chart label
/// and table cell of that feed on the pages and in the weekly PDF reads the catalog's "no data" in the reader's language,
/// never a number (a bare 0, 0 %, 0 ms, $0.00).
/// </summary>
public sealed class MissingFeedTests(MissingFeedTests.FeedlessStores stores) : IClassFixture<MissingFeedTests.FeedlessStores>
{
    private const string Week = "2026-W47";

    /// <summary>What makes up each feed: its metrics and collection streams, its tiles, its panel on <c>/</c>, its page and its report section.</summary>
    private static readonly Dictionary<string, Feed> Feeds = new()
    {
        ["latency"] = new(["latency.%", "requests%", "errors%"], "latency", [KpiKind.Requests, KpiKind.Errors, KpiKind.ErrorRate, KpiKind.SlowerPaths], "Latency",
            "/latency?env=prod&range=7d", SectionKind.Latency, "latency", new(@"(?<![\d.,])[+−-]?0(\.0+)? ?(ms|s|秒)(?![\w])")),
        ["memory"] = new(["memory.%"], "memory", [KpiKind.MemoryPeak], "Memory", "/memory?env=prod&range=7d", SectionKind.Memory, "memory",
            new(@"(?<![\d.,])[+−-]?0(\.0+)? ?%")),
        ["logs"] = new(["logs.%"], "logs", [KpiKind.LogVolume], "LogVolume", "/logs?env=prod&range=7d", SectionKind.LogVolume, "logs",
            new(@"(?<![\d.,])[+−-]?0(\.0+)? ?(%|B|KB|MB|GB|×)(?![\w])")),
        // "$0.00", "$0", "+$0.00", "−$0": a dollar amount of zero, which the missing cost feed must never become.
        ["cost"] = new(["cost.%"], "cost", [KpiKind.Cost], "Cost", "/cost?env=prod", SectionKind.Cost, "cost", new(@"[+−-]?\$0(\.0+)?(?![\d.,])")),
    };

    public static TheoryData<string, string> FeedsInBothLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var feed in Feeds.Keys)
        {
            data.Add(feed, "en");
            data.Add(feed, "ja");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FeedsInBothLanguages))]
    public async Task Overview_FeedMissing_TilesStripAndPanelSayNoDataNeverZero(string name, string language)
    {
        var feed = Feeds[name];
        var html = await stores[name].CreateClient().GetStringAsync("/?env=prod&lang=" + language);
        var missing = TextCatalog.Get(language, "common.noData");

        foreach (var kind in feed.Tiles)
        {
            var tile = HtmlSlice.Between(html, $"data-kpi=\"{kind}\"", "</a>");
            Assert.Equal(missing, ReaderLanguage.VisibleText(HtmlSlice.Between(tile, "class=\"kpi-value\">", "</span>")).Trim());
        }
        var strip = ReaderLanguage.VisibleText(HtmlSlice.Between(html, "data-testid=\"changes\"", "</section>"));
        Assert.DoesNotMatch(feed.Zero, strip);
        var panel = ReaderLanguage.VisibleText(HtmlSlice.BetweenOrToEnd(html, $"data-panel=\"{feed.Panel}\"", "<section class=\"panel"));
        Assert.DoesNotMatch(feed.Zero, panel);
        Assert.Contains(missing, panel);
        if (language == "ja")
            Assert.DoesNotContain("no data", ReaderLanguage.VisibleText(html), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(FeedsInBothLanguages))]
    public async Task FeedPage_FeedMissing_SaysNoDataInTheReadersLanguageNeverZero(string name, string language)
    {
        var feed = Feeds[name];
        var html = await stores[name].CreateClient().GetStringAsync(feed.Page + "&lang=" + language);
        var text = ReaderLanguage.VisibleText(html);

        Assert.DoesNotMatch(feed.Zero, text);
        Assert.Contains(TextCatalog.Get(language, "common.noData"), text);
        if (language == "ja")
            Assert.DoesNotContain("no data", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(FeedsInBothLanguages))]
    public async Task WeeklyPdf_FeedMissing_HeadlineAndSectionSayNoDataNeverZero(string name, string language)
    {
        var feed = Feeds[name];
        var app = stores[name];
        var missing = TextCatalog.Get(language, "report.noData");
        var document = await app.Services.GetRequiredService<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly", "prod", Week, Language: language));
        Assert.Equal(missing, Assert.Single(document.Headlines, h => h.Key == feed.Headline).Value);

        var pdf = await app.CreateClient().GetByteArrayAsync($"/reports/weekly.pdf?env=prod&period={Week}&lang={language}");
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "weekly.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var text = await Tool.RunAsync("pdftotext", "-enc", "UTF-8", file, "-");

        Assert.True(text.Length > 2000, $"the PDF text is only {text.Length} characters");
        // The feed's section, from its title to the next section's title (headings are lines of their own), after the
        // cover (whose contents list names every section too).
        text = text[text.IndexOf('\f', StringComparison.Ordinal)..].ReplaceLineEndings("\n");
        var titles = document.Sections.Select(s => s.Title).ToList();
        var index = document.Sections.Select(s => s.Kind).ToList().IndexOf(feed.Section);
        Assert.True(index >= 0, $"the report has no {feed.Section} section");
        var start = text.IndexOf("\n" + titles[index] + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"section title '{titles[index]}' not found in the PDF text");
        var end = index + 1 < titles.Count ? text.IndexOf("\n" + titles[index + 1] + "\n", start + 1, StringComparison.Ordinal) : -1;
        var section = end > start ? text[start..end] : text[start..];
        Assert.DoesNotMatch(feed.Zero, section);
        Assert.Contains(missing, section);
        if (language == "ja")
            Assert.DoesNotContain("no data", text, StringComparison.OrdinalIgnoreCase);
    }

    internal sealed record Feed(string[] Metrics, string Stream, KpiKind[] Tiles, string Panel, string Page, SectionKind Section, string Headline, Regex Zero);

    /// <summary>One demo store per feed, each collected once, then that feed removed entirely (series, points, watermarks) and analysed.</summary>
    public sealed class FeedlessStores : IAsyncLifetime
    {
        private readonly Dictionary<string, FeedlessStore> _stores = Feeds.ToDictionary(f => f.Key, f => new FeedlessStore(f.Value));

        public FeedlessStore this[string feed] => _stores[feed];

        public async Task InitializeAsync()
        {
            foreach (var store in _stores.Values)
                await ((IAsyncLifetime)store).InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            foreach (var store in _stores.Values)
                await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    /// <summary>The demo store with one feed removed before analysis.</summary>
    public sealed class FeedlessStore : DemoAppFactory
    {
        private readonly Feed _feed;

        internal FeedlessStore(Feed feed) => _feed = feed;

        protected override async Task AfterCollectionAsync()
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "opsreport.db")};Pooling=False");
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            var metrics = string.Join(" OR ", _feed.Metrics.Select((_, i) => $"metric LIKE $m{i}"));
            command.CommandText = $"""
                DELETE FROM points WHERE series_id IN (SELECT id FROM series WHERE {metrics});
                DELETE FROM series WHERE {metrics};
                DELETE FROM watermarks WHERE stream LIKE $stream;
                """;
            for (var i = 0; i < _feed.Metrics.Length; i++)
                command.Parameters.AddWithValue($"$m{i}", _feed.Metrics[i]);
            command.Parameters.AddWithValue("$stream", _feed.Stream + "%");
            Assert.True(await command.ExecuteNonQueryAsync() > 0, $"no {_feed.Stream} data was collected to remove");
        }
    }
}
