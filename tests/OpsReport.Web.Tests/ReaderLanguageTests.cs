using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpsReport.Core.Configuration;
using OpsReport.Core.Panels;
using OpsReport.Reports;
using OpsReport.Reports.Email;
using OpsReport.Web.Tests.Support;
using Xunit.Abstractions;

namespace OpsReport.Web.Tests;

/// <summary>
/// Every page, the weekly PDF and the email in English and in Japanese, on the demo store: none holds text of the other
/// language (names of tenants and environments, identifiers and units aside).
/// </summary>
[Collection(DemoAppCollection.Name)]
public sealed class ReaderLanguageTests(DemoAppFactory app, ITestOutputHelper output)
{
    private const string Week = "2026-W47";

    // Every page a reader opens, with parameters that fill its panels: a path's drill-down, an incident window, one tenant.
    private static readonly string[] Pages =
    [
        "/?env=prod", "/?env=staging&range=24h", "/?env=prod&range=30d",
        "/latency?env=prod&range=7d", "/latency?env=prod&range=24h&path=%2Fapi%2Fexports%2F%7Bid%7D%2Fdownload",
        "/incident?env=prod", "/incident?env=prod&from=2026-11-19T09:00&to=2026-11-19T18:00",
        "/tenants?env=prod", "/tenants/sakura-logistics?env=prod&range=7d",
        "/memory?env=prod&range=7d", "/logs?env=staging&range=7d", "/cost?env=staging", "/coverage?env=prod",
        "/slos?env=prod", "/reports", "/no-such-page", "/latency?env=nope",
    ];

    public static TheoryData<string, string> PagesInBothLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in Pages)
        {
            data.Add(page, "en");
            data.Add(page, "ja");
        }
        return data;
    }

    [Fact]
    public void Pages_EveryPageRoute_IsInTheLanguageTest()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(r => !r.StartsWith("/api", StringComparison.Ordinal) && r is not ("/healthz" or "/readyz") && !r.StartsWith("/fonts", StringComparison.Ordinal)
                && !r.StartsWith("/signin", StringComparison.Ordinal) && !r.StartsWith("/reports/", StringComparison.Ordinal) && !r.Contains("*", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.Contains("/latency", routes);
        var missing = routes.Where(r => !Pages.Any(p => Matches(r, p.Split('?')[0]))).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(PagesInBothLanguages))]
    public async Task Page_InEachLanguage_HoldsNoTextOfTheOther(string page, string language)
    {
        var client = app.CreateClient();
        var url = page + (page.Contains('?') ? "&" : "?") + "lang=" + language;

        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"lang=\"{language}\"", html, StringComparison.Ordinal);
        AssertInLanguage(ReaderLanguage.VisibleText(html), language, await NamesAsync(), url);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task WeeklyPdf_InEachLanguage_HoldsNoTextOfTheOther(string language)
    {
        var client = app.CreateClient();
        var pdf = await client.GetByteArrayAsync($"/reports/weekly.pdf?env=prod&period={Week}&lang={language}");
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "weekly.pdf");
        await File.WriteAllBytesAsync(file, pdf);

        var text = await Tool.RunAsync("pdftotext", "-enc", "UTF-8", file, "-");

        Assert.True(text.Length > 2000, $"the PDF text is only {text.Length} characters");
        AssertInLanguage(text, language, await NamesAsync(), "weekly.pdf " + language);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task WeeklyEmail_InEachLanguage_HoldsNoTextOfTheOther(string language)
    {
        var builder = app.Services.GetRequiredService<WeeklyReportBuilder>();
        var document = await builder.BuildAsync(new ReportRequest("weekly", "prod", Week, Language: language));

        using var message = app.Services.GetRequiredService<ReportEmailComposer>().Compose(document, "%PDF-1.7"u8.ToArray(), ["pm@example.com"]);
        var text = message.Subject + "\n" + message.TextBody + "\n" + ReaderLanguage.VisibleText(message.HtmlBody ?? "");

        Assert.False(string.IsNullOrWhiteSpace(message.TextBody));
        AssertInLanguage(text, language, await NamesAsync(), "email " + language);
    }

    [Fact]
    public void ReaderLanguage_JapaneseInEnglishText_IsFoundAndNamesAreNot()
    {
        var found = ReaderLanguage.JapaneseIn("株式会社サクラ物流 on /api/x: p95 9.2 s (last week 1.1 s), 最大", ["株式会社サクラ物流"]);

        Assert.Equal("最大", Assert.Single(found)[1..3]);
    }

    [Fact]
    public void ReaderLanguage_EnglishRunsInJapaneseText_AreFoundAndIdentifiersAreNot()
    {
        Assert.Equal(2, ReaderLanguage.EnglishIn("api (week before) のメモリ、Mon 11/23", []).Count);
        Assert.Empty(ReaderLanguage.EnglishIn("/api/exports/{id}/download の p95 120 ms、DEBUG の割合 12 %、Amazon Simple Storage Service、prod-api", []));
    }

    private void AssertInLanguage(string text, string language, IReadOnlyList<string> names, string what)
    {
        var wrong = language == "ja" ? ReaderLanguage.EnglishIn(text, names) : ReaderLanguage.JapaneseIn(text, names);
        foreach (var w in wrong)
            output.WriteLine(w);
        Assert.True(wrong.Count == 0, $"{what}: {wrong.Count} pieces of the other language:\n" + string.Join("\n", wrong));
    }

    /// <summary>Names a reader sees as they are, in any language: tenants, environments, the product.</summary>
    private async Task<IReadOnlyList<string>> NamesAsync()
    {
        var environments = app.Services.GetRequiredService<EnvironmentCatalog>().All;
        var tenants = app.Services.GetRequiredService<TenantDirectory>();
        var names = new List<string> { app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpsReportOptions>>().Value.Product };
        foreach (var env in environments)
        {
            names.Add(env.Name);
            names.Add(env.DisplayName);
            names.AddRange((await tenants.GetNamesAsync(env.Name)).Values);
        }
        return names;
    }

    private static bool Matches(string route, string path) =>
        route == path || (route.Contains('{') && path.StartsWith(route[..route.IndexOf('{')], StringComparison.Ordinal) && path.Length > route.IndexOf('{'));
}
