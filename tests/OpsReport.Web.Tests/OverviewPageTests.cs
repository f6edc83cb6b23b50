using System.Net;
using System.Text.Json;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>The stand-up overview on the embedded default: real demo data, collected into SQLite, rendered by the real host.</summary>
[Collection(DemoAppCollection.Name)]
public sealed class OverviewPageTests(DemoAppFactory app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Overview_NoParameters_ShowsProductionRibbonDemoBadgeAndEveryStandupPanel()
    {
        var html = await _client.GetStringAsync("/");

        Assert.Contains("ribbon-prod", html);
        Assert.Contains("data-testid=\"env-name\">PROD<", html);
        Assert.Contains("DEMO DATA", html);
        foreach (var panel in new[] { "latency", "slow_tenants", "memory", "log_volume", "cost" })
            Assert.Contains($"id=\"panel-{panel}\"", html);
        Assert.Contains("Asia/Tokyo", html);
        Assert.Contains("<svg class=\"chart\"", html);
    }

    [Fact]
    public async Task Overview_Japanese_PanelTitlesColumnsAndPeriodsAreJapanese()
    {
        var html = await _client.GetStringAsync("/?env=prod&range=24h&lang=ja");

        Assert.Contains("パス別のレイテンシ", html);
        Assert.Contains("<th scope=\"col\">パス</th>", html);
        Assert.Contains("昨日（", html);
        Assert.Contains("デイリースタンドアップ", html);
        Assert.DoesNotContain(">no data<", html);
    }

    [Fact]
    public async Task Overview_Prod_NamesTheSlowJapaneseTenantOnTheExportPathFirst()
    {
        var table = await PanelCsvAsync("slow_tenants", "prod", "24h");

        var first = table[1];
        Assert.Equal("株式会社サクラ物流", first[0]);
        Assert.Equal("/api/exports/{id}/download", first[1]);
        Assert.True(double.Parse(first[4], System.Globalization.CultureInfo.InvariantCulture) >= 3, $"ratio to other tenants was {first[4]}");
    }

    [Fact]
    public async Task Overview_Staging_ShowsTheBillingSyncLogSpikeWithItsDebugShare()
    {
        var table = await PanelCsvAsync("log_volume", "staging", "24h");

        var row = table.Single(r => r[0] == "/aws/lambda/billing-sync-staging");
        var changePercent = double.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture);
        var debugShare = double.Parse(row[4], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(changePercent >= 900, $"volume change was {changePercent} %");
        Assert.True(debugShare > 80, $"DEBUG share was {debugShare} %");

        var html = await _client.GetStringAsync("/?env=staging");
        Assert.Contains("ribbon-staging", html);
        Assert.Contains("/aws/lambda/billing-sync-staging", html);
    }

    [Fact]
    public async Task Overview_Staging_CostPanelShowsCloudWatchAsTheLineThatMoved()
    {
        var table = await PanelCsvAsync("cost", "staging", "24h");

        Assert.Equal("AmazonCloudWatch", table[1][0]);
        Assert.True(double.Parse(table[1][3], System.Globalization.CultureInfo.InvariantCulture) > 1, "CloudWatch cost rose by more than a dollar a day");
    }

    [Fact]
    public async Task Overview_ProdWeek_ShowsApiMemoryPeakAboveTheWeekBefore()
    {
        var table = await PanelCsvAsync("memory", "prod", "7d");

        var api = table.Single(r => r[0] == "api");
        var peak = double.Parse(api[2], System.Globalization.CultureInfo.InvariantCulture);
        var others = table.Skip(1).Where(r => r[0] != "api").Select(r => double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(peak > others.Max(), $"api peak {peak} % should stand out above the other services");
    }

    [Fact]
    public async Task Overview_EveryEnvironmentAndRange_RendersRealNumbers()
    {
        foreach (var env in new[] { "prod", "staging", "demo" })
        {
            foreach (var range in new[] { "24h", "7d", "30d" })
            {
                var response = await _client.GetAsync($"/?env={env}&range={range}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var latency = await PanelCsvAsync("latency", env, range);
                Assert.True(latency.Count > 1, $"{env} {range}: latency table has rows");
                Assert.NotEqual("", latency[1][1]);
            }
        }
    }

    [Theory]
    [InlineData("/?env=nope", "Unknown environment 'nope'. Known environments: prod, staging, demo.")]
    [InlineData("/?range=5y", "Unknown range '5y'. Use one of: 24h, 7d, 30d.")]
    public async Task Overview_BadParameters_Return400WithAMessageAndTheNavigation(string url, string message)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(message), html);
        Assert.Contains("<nav class=\"sections\"", html);
        Assert.Contains("href=\"/latency?env=prod", html);
    }

    [Fact]
    public async Task JapaneseFont_IsServedForScreensWithoutOne()
    {
        var css = await _client.GetStringAsync("/app.css");
        var response = await _client.GetAsync("/fonts/ipaexg.ttf");

        Assert.Contains("src: url(\"/fonts/ipaexg.ttf\")", css);
        Assert.Contains("unicode-range: U+3000-30FF", css);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("font/ttf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x00, 0x01, 0x00, 0x00], bytes[..4]); // a TrueType font
        Assert.True(bytes.Length > 1_000_000, $"{bytes.Length} bytes");
    }

    [Fact]
    public async Task JapaneseFontSubset_IsServedAndTriedBeforeTheFullFont()
    {
        var css = await _client.GetStringAsync("/app.css");
        var response = await _client.GetAsync("/fonts/opsreport-jp.woff2");

        // The face declared last is tried first for a character both cover.
        Assert.True(css.IndexOf("url(\"/fonts/opsreport-jp.woff2\")", StringComparison.Ordinal) > css.IndexOf("url(\"/fonts/ipaexg.ttf\")", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("font/woff2", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("wOF2"u8.ToArray(), bytes[..4]);
        Assert.InRange(bytes.Length, 200_000, 2_000_000);
    }

    [Fact]
    public async Task Overview_EmptyRange_ShowsTheDefault24hRange()
    {
        var response = await _client.GetAsync("/?env=prod&range=");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("<a class=\"chip active\" aria-current=\"page\" href=\"[^\"]*range=24h[^\"]*\">24h</a>", html);
    }

    [Theory]
    [InlineData("/no-such-page", 404, "There is no such page")]
    [InlineData("/latency?env=prod&range=1y", 400, "That view cannot be shown")]
    [InlineData("/tenants/nobody?env=prod&lang=ja", 404, "そのページはありません")]
    public async Task ErrorPage_AnyError_KeepsTheNavigation(string url, int status, string title)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(status, (int)response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(title, html);
        Assert.Contains("<nav class=\"sections\"", html);
        Assert.Contains("href=\"/incident?env=prod", html);
    }

    [Theory]
    [InlineData("/api/overview?env=nope")]
    [InlineData("/api/overview?range=1y")]
    [InlineData("/api/panels/latency?env=nope")]
    [InlineData("/api/panels/nothing?env=prod")]
    [InlineData("/api/findings?env=nope")]
    [InlineData("/api/findings?state=maybe")]
    public async Task Api_BadParameters_Return400ProblemWithDetail(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task ApiOverview_Prod_ReturnsPanelsWithNumbersAndPeriods()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/overview?env=prod&range=7d"));

        var dashboard = json.RootElement.GetProperty("dashboard");
        Assert.Equal("prod", json.RootElement.GetProperty("environment").GetProperty("name").GetString());
        Assert.Equal(5, dashboard.GetProperty("panels").GetArrayLength());
        var latencyRows = dashboard.GetProperty("panels")[0].GetProperty("table").GetProperty("rows");
        Assert.True(latencyRows.GetArrayLength() > 0);
        Assert.True(latencyRows[0][1].GetProperty("value").GetDouble() > 0);
        Assert.Equal("2026-W47 so far", dashboard.GetProperty("periods").GetProperty("currentLabel").GetString());
    }

    [Fact]
    public async Task ApiFindings_Prod_ReturnsTheOpenDemoFindings()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/findings?env=prod&state=open"));

        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        var findings = json.RootElement.EnumerateArray()
            .Select(f => (Kind: f.GetProperty("kind").GetString(), Subject: f.GetProperty("subject").GetString(), Env: f.GetProperty("environment").GetString(), State: f.GetProperty("state").GetString()))
            .ToList();
        Assert.Contains(("SlowTenant", "sakura-logistics", "prod", "open"), findings);
        Assert.Contains(("MemoryTrend", "api", "prod", "open"), findings);
        Assert.All(findings, f => Assert.Equal(("prod", "open"), (f.Env, f.State)));
    }

    [Fact]
    public async Task PanelCsv_Latency_HasHeaderAndInvariantNumbers()
    {
        var response = await _client.GetAsync("/api/panels/latency.csv?env=prod&range=24h");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("Path,p95 Yesterday", text.TrimStart('\uFEFF'));
        Assert.DoesNotContain("no data", text);
    }

    [Fact]
    public async Task Health_LivenessAndReadiness_Answer200()
    {
        Assert.Equal("ok", await _client.GetStringAsync("/healthz"));
        using var ready = JsonDocument.Parse(await _client.GetStringAsync("/readyz"));
        Assert.Equal("ready", ready.RootElement.GetProperty("status").GetString());
        Assert.True(ready.RootElement.GetProperty("streamsCollected").GetInt32() >= 12);
    }

    [Fact]
    public async Task StaticAssets_StylesheetAndScript_AreServed()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/app.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/app.js")).StatusCode);
    }

    private async Task<List<string[]>> PanelCsvAsync(string panel, string env, string range)
    {
        var text = await _client.GetStringAsync($"/api/panels/{panel}.csv?env={env}&range={range}");
        return CsvReader.Parse(text.TrimStart('\uFEFF'));
    }
}
