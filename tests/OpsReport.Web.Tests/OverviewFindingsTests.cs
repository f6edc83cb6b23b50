using System.Text.Json;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>Findings lead the overview on the embedded default, and the JSON API returns the same findings.</summary>
[Collection(DemoAppCollection.Name)]
public sealed class OverviewFindingsTests(DemoAppFactory app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Overview_Prod_ListsTheProductionIncidentsMostSevereFirstWithLinks()
    {
        var html = WebUtility(await _client.GetStringAsync("/?env=prod&range=7d"));

        var slow = html.IndexOf("株式会社サクラ物流 has been slow on /api/exports/{id}/download (prod) since Thu 19 Nov 11:00", StringComparison.Ordinal);
        var leak = html.IndexOf("Memory of api (prod) grows", StringComparison.Ordinal);
        var bucket = html.IndexOf("S3 bucket sakura-ci-build-artifacts (prod) has grown", StringComparison.Ordinal);
        Assert.True(slow > 0 && leak > slow && bucket > slow, $"slow {slow}, leak {leak}, bucket {bucket}");
        Assert.Contains("class=\"finding severity-critical\" data-kind=\"SlowTenant\"", html);
        Assert.Contains("href=\"/incident?env=prod&finding=prod%3ASlowTenant%3Asakura-logistics\"", html);
        Assert.Contains("Open elsewhere:", html);
        Assert.Contains("href=\"/?env=staging", html);
        Assert.DoesNotContain("data-kind=\"DebugLogging\"", html);
    }

    [Fact]
    public async Task Overview_StagingInJapanese_SaysDebugLoggingWasLeftOnWithItsCost()
    {
        var html = WebUtility(await _client.GetStringAsync("/?env=staging&lang=ja"));

        Assert.Contains("/aws/lambda/billing-sync-staging（staging）で 11月16日(月) 14:00 から DEBUG ログが出力されたままです", html);
        Assert.Contains("1 日あたり約 $", html);
        Assert.Contains("range=7d&lang=ja#panel-log_volume", html);
    }

    [Fact]
    public async Task Overview_DemoEnvironment_HasNoFindingForOrdinarySeasonality()
    {
        var html = WebUtility(await _client.GetStringAsync("/?env=demo"));

        Assert.Contains("No open findings for demo.", html);
    }

    [Fact]
    public async Task ApiFindings_OpenEverywhere_AreExactlyTheDemoIncidentsInTheStableShape()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/findings?state=open"));

        var found = json.RootElement.EnumerateArray()
            .Select(f => (Env: f.GetProperty("environment").GetString(), Kind: f.GetProperty("kind").GetString(), Subject: f.GetProperty("subject").GetString()))
            .OrderBy(f => f.Env).ThenBy(f => f.Kind).ThenBy(f => f.Subject)
            .ToList();
        Assert.Equal(
        [
            ("prod", "CostMover", "sakura-ci-build-artifacts"),
            ("prod", "MemoryTrend", "api"),
            ("prod", "SloBurn", "exports-fast"),
            ("prod", "SloBurn", "exports-fast/sakura-logistics"),
            ("prod", "SlowTenant", "sakura-logistics"),
            ("staging", "DebugLogging", "/aws/lambda/billing-sync-staging"),
        ], found);
        foreach (var f in json.RootElement.EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Null, f.GetProperty("end").ValueKind);
            Assert.True(DateTimeOffset.TryParse(f.GetProperty("start").GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
            Assert.Contains(f.GetProperty("severity").GetString(), new[] { "info", "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("summary").GetString()));
        }
    }

    private static string WebUtility(string html) => System.Net.WebUtility.HtmlDecode(html);
}
