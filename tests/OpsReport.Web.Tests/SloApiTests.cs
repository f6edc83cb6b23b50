using System.Globalization;
using System.Net;
using System.Text.Json;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary><c>/api/slos</c> and <c>/api/slos.csv</c> on the demo with the repository's <c>dashboards/slos.yaml</c>.</summary>
[Collection(DemoAppCollection.Name)]
public sealed class SloApiTests(DemoAppFactory app)
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<JsonElement[]> GetAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    [Fact]
    public async Task Slos_Prod_EverySloOverallThenTopTenantsWithNumbersAndStates()
    {
        var rows = await GetAsync("/api/slos?env=prod");

        var exports = rows.Where(r => r.GetProperty("name").GetString() == "exports-fast").ToList();
        Assert.Equal(JsonValueKind.Null, exports[0].GetProperty("tenant").ValueKind);
        Assert.Equal(7, exports.Count);
        Assert.Equal("other", exports[^1].GetProperty("tenant").GetString());
        var sakura = exports.Single(r => r.GetProperty("tenant").GetString() == "sakura-logistics");
        Assert.Equal("breached", sakura.GetProperty("state").GetString());
        Assert.Equal("Exports download quickly", sakura.GetProperty("title").GetString());
        Assert.Equal(4000, sakura.GetProperty("thresholdMs").GetInt32());
        Assert.Equal(0.99, sakura.GetProperty("objective").GetDouble());
        Assert.True(sakura.GetProperty("budgetLeft").GetDouble() < 0);
        Assert.True(sakura.GetProperty("burnRates").GetProperty("1h").GetDouble() > 6);
        Assert.Equal(["1h", "6h", "24h", "3d"], sakura.GetProperty("burnRates").EnumerateObject().Select(p => p.Name));
        var good = sakura.GetProperty("good").GetInt64();
        var total = sakura.GetProperty("total").GetInt64();
        Assert.Equal((double)good / total, sakura.GetProperty("attainment").GetDouble(), 12);
        Assert.Equal(DemoAppFactory.Now.AddMinutes(-30), sakura.GetProperty("windowEnd").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromDays(28), sakura.GetProperty("windowEnd").GetDateTimeOffset() - sakura.GetProperty("windowStart").GetDateTimeOffset());

        var api = rows.Single(r => r.GetProperty("name").GetString() == "api-available");
        Assert.Equal(JsonValueKind.Null, api.GetProperty("thresholdMs").ValueKind);
        Assert.Contains(api.GetProperty("state").GetString(), new[] { "met", "atRisk", "breached" });
    }

    [Fact]
    public async Task Slos_Japanese_TitlesInJapanese()
    {
        var rows = await GetAsync("/api/slos?env=prod&lang=ja");

        Assert.Equal("エクスポートのダウンロードが速い", rows.First(r => r.GetProperty("name").GetString() == "exports-fast").GetProperty("title").GetString());
        Assert.Equal("API がサーバーエラーなしで応答する", rows.Single(r => r.GetProperty("name").GetString() == "api-available").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Slos_TenantWithoutCounts_NoDataWithNulls()
    {
        var row = Assert.Single(await GetAsync("/api/slos?env=prod&tenant=nobody"));

        Assert.Equal("noData", row.GetProperty("state").GetString());
        foreach (var key in new[] { "good", "total", "attainment", "budgetLeft", "budgetExhaustedAt" })
            Assert.Equal(JsonValueKind.Null, row.GetProperty(key).ValueKind);
    }

    [Fact]
    public async Task Slos_EnvironmentWithoutSlos_EmptyList()
    {
        Assert.Empty(await GetAsync("/api/slos?env=staging"));
    }

    [Fact]
    public async Task Slos_UnknownEnvironment_BadRequestNamingTheKnownOnes()
    {
        var response = await _client.GetAsync("/api/slos?env=nowhere");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown environment 'nowhere'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlosCsv_JapaneseUnderGermanCulture_InvariantNumbersSameAsJson()
    {
        var json = await GetAsync("/api/slos?env=prod&tenant=sakura-logistics");
        var previous = CultureInfo.CurrentCulture;
        HttpResponseMessage response;
        try
        {
            // A decimal comma would break the CSV; the culture flows into the in-process server.
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            response = await _client.GetAsync("/api/slos.csv?env=prod&tenant=sakura-logistics&lang=ja");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("name,title,environment,tenant,sli,threshold_ms,window_start,window_end,good,total,attainment,objective,budget_left", lines[0], StringComparison.Ordinal);
        var cells = lines[1].Split(',');
        Assert.Equal(["exports-fast", "エクスポートのダウンロードが速い", "prod", "sakura-logistics", "latency", "4000"], cells[..6]);
        Assert.Equal(json[0].GetProperty("attainment").GetDouble(), double.Parse(cells[10], CultureInfo.InvariantCulture));
        Assert.Equal("0.99", cells[11]);
        Assert.Equal("breached", cells[^1]);
        Assert.Equal("", cells[^2]);
    }
}
