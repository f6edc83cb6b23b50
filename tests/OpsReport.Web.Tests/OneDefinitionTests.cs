using System.Globalization;
using System.Net;
using System.Text.Json;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// One definition per measure on the demo store: the DEBUG spike's "N× its usual volume" is the /logs ratio for the same
/// hours; every KPI tile and PDF headline says its window; a bad parameter's 400 page is in the reader's language.
/// </summary>
[Collection(DemoAppCollection.Name)]
public sealed class OneDefinitionTests(DemoAppFactory app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task LogVolume_DebugSpike_FindingRatioEqualsLogsRatioForTheSameHours()
    {
        using var findings = JsonDocument.Parse(await _client.GetStringAsync("/api/findings?env=staging"));
        var debug = findings.RootElement.EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "DebugLogging");
        var group = debug.GetProperty("subject").GetString();
        var findingRatio = debug.GetProperty("numbers").GetProperty("ratio").GetDouble();
        // The finding's ratio is over the last 24 judged hours of the open episode: the 24 hours up to the last complete hour.
        using var logs = JsonDocument.Parse(await _client.GetStringAsync("/api/logs?env=staging&range=24h"));
        var row = logs.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("logGroup").GetString() == group);
        var logsRatio = row.GetProperty("ratio").GetDouble();

        Console.WriteLine($"{group}: finding {findingRatio}×, /logs {logsRatio:0.0000}×");
        Assert.Equal("open", debug.GetProperty("state").GetString());
        Assert.True(findingRatio >= 3, $"finding ratio {findingRatio}");
        Assert.Equal(findingRatio, Math.Round(logsRatio, 2));
        var html = WebUtility.HtmlDecode(await _client.GetStringAsync("/logs?env=staging&range=24h"));
        Assert.Contains(logsRatio.ToString("0.0", CultureInfo.InvariantCulture) + "×", html);
    }

    [Theory]
    [InlineData("en", "last 7 days", "the 7 billing dates (UTC) of those days", "W47 so far")]
    [InlineData("ja", "直近 7 日", "同じ 7 日の課金日（UTC）", "W47")]
    public async Task KpiTiles_EveryTile_SaysItsWindow(string language, string days, string billing, string week)
    {
        var html = WebUtility.HtmlDecode(await _client.GetStringAsync("/?env=prod&lang=" + language));

        var labels = System.Text.RegularExpressions.Regex.Matches(html, "data-kpi=\"(\\w+)\">\\s*<div class=\"kpi-label\">([^<]*)</div>")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(7, labels.Count);
        foreach (var (kind, label) in labels)
        {
            var expected = kind switch { "Cost" => billing, "SlowerPaths" => week, _ => days };
            Assert.Contains(expected, label);
        }
    }

    [Theory]
    [InlineData("/incident?env=prod&last=2w", "'last=2w' は指定できません")]
    [InlineData("/latency?env=prod&sort=bogus", "並べ替え 'bogus' は指定できません")]
    [InlineData("/latency?env=nope", "環境 'nope' はありません")]
    [InlineData("/?env=prod&range=1y", "期間 '1y' は指定できません")]
    public async Task BadParameter_Japanese_ErrorPageSaysItInJapanese(string url, string expected)
    {
        var response = await _client.GetAsync(url + "&lang=ja");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, html);
        Assert.DoesNotContain("Unknown", html);
    }
}
