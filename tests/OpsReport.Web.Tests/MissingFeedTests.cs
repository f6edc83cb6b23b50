using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using OpsReport.Core.Text;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// A store where one feed (AWS cost) is missing entirely: every tile, strip, chart label and table cell of the pages and
/// the weekly PDF reads the catalog's "no data" in the reader's language, never "$0.00" or "0" for the missing feed.
/// </summary>
public sealed class MissingFeedTests(MissingFeedTests.CostlessStore app) : IClassFixture<MissingFeedTests.CostlessStore>
{
    private const string Week = "2026-W47";

    // "$0.00", "$0", "+$0.00", "−$0": a dollar amount of zero, which the missing cost feed must never become.
    private static readonly Regex ZeroDollars = new(@"[+−-]?\$0(\.0+)?(?![\d.,])", RegexOptions.CultureInvariant);

    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "/?env=prod", "/?env=prod&range=24h", "/logs?env=prod&range=7d", "/memory?env=prod&range=7d", "/latency?env=prod&range=7d",
                     "/cost?env=prod", "/tenants/sakura-logistics?env=prod&range=7d" })
        {
            data.Add(page, "en");
            data.Add(page, "ja");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_CostFeedMissing_SaysNoDataInTheReadersLanguageNeverZero(string page, string language)
    {
        var html = await app.CreateClient().GetStringAsync(page + "&lang=" + language);
        var text = ReaderLanguage.VisibleText(html);
        var missing = TextCatalog.Get(language, "common.noData");

        Assert.DoesNotMatch(ZeroDollars, text);
        if (language == "ja")
            Assert.DoesNotContain("no data", text, StringComparison.OrdinalIgnoreCase);
        if (page.StartsWith("/?", StringComparison.Ordinal))
        {
            var tile = Between(html, "data-kpi=\"Cost\"", "</a>");
            Assert.Equal(missing, ReaderLanguage.VisibleText(Between(tile, "class=\"kpi-value\">", "</span>")).Trim());
        }
        if (page.StartsWith("/cost", StringComparison.Ordinal))
            Assert.Contains(missing, text);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task WeeklyPdf_CostFeedMissing_SaysNoDataInTheReadersLanguageNeverZero(string language)
    {
        var pdf = await app.CreateClient().GetByteArrayAsync($"/reports/weekly.pdf?env=prod&period={Week}&lang={language}");
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "weekly.pdf");
        await File.WriteAllBytesAsync(file, pdf);

        var text = await Tool.RunAsync("pdftotext", "-enc", "UTF-8", file, "-");

        Assert.True(text.Length > 2000, $"the PDF text is only {text.Length} characters");
        Assert.DoesNotMatch(ZeroDollars, text);
        Assert.Contains(TextCatalog.Get(language, "report.noData"), text);
        if (language == "ja")
            Assert.DoesNotContain("no data", text, StringComparison.OrdinalIgnoreCase);
    }

    private static string Between(string text, string start, string end)
    {
        var i = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{start}' not found");
        i += start.Length;
        var j = text.IndexOf(end, i, StringComparison.Ordinal);
        return text[i..j];
    }

    /// <summary>The demo store collected once, then its AWS cost feed removed entirely (series, points, watermarks) and analysed.</summary>
    public sealed class CostlessStore : DemoAppFactory
    {
        protected override async Task AfterCollectionAsync()
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "opsreport.db")};Pooling=False");
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM points WHERE series_id IN (SELECT id FROM series WHERE metric LIKE 'cost.%');
                DELETE FROM series WHERE metric LIKE 'cost.%';
                DELETE FROM watermarks WHERE stream LIKE 'cost%';
                """;
            Assert.True(await command.ExecuteNonQueryAsync() > 0, "no cost data was collected to remove");
        }
    }
}
