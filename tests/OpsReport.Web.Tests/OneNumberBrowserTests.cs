using System.Text.Json;
using OpsReport.Core.Charts;
using OpsReport.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpsReport.Web.Tests;

/// <summary>
/// One number per subject and window, whatever the surface: the slow tenant's p95 and its other-tenants baseline on the
/// overview, the tenant page, the incident view (page, table, Copy summary) and the JSON API; the comparison is always
/// with the other tenants, in the same colours; the header tells each feed's freshness.
/// </summary>
[Collection(BrowserAppCollection.Name)]
public sealed class OneNumberBrowserTests(BrowserAppFixture app)
{
    private const string SlowTenant = "株式会社サクラ物流";
    private const string SlowTenantId = "sakura-logistics";
    private const string SlowPath = "/api/exports/{id}/download";
    private const string OtherTenants = "Other tenants p95";
    private const string IncidentQuery = "env=prod&from=2026-11-19T09:00&to=2026-11-19T18:00";

    [Fact]
    public async Task TenantP95_WeekSoFar_IsTheSameNumberOnOverviewTenantPageAndApi()
    {
        using var tenant = await GetJsonAsync($"/api/tenants/{SlowTenantId}?env=prod&range=7d");
        var row = tenant.RootElement.GetProperty("paths").EnumerateArray().Single(p => p.GetProperty("path").GetString() == SlowPath);
        var p95 = row.GetProperty("p95").GetDouble();
        var others = row.GetProperty("othersP95").GetDouble();
        Assert.True(p95 > 2 * others, $"the demo's slow tenant should stand out: {p95} vs {others}");

        using var overview = await GetJsonAsync("/api/overview?env=prod&range=7d");
        var panel = overview.RootElement.GetProperty("dashboard").GetProperty("panels").EnumerateArray()
            .Single(p => p.GetProperty("table").GetProperty("keys").EnumerateArray().Any(k => k.GetString() == "tenant_p95"));
        var keys = panel.GetProperty("table").GetProperty("keys").EnumerateArray().Select(k => k.GetString()).ToList();
        var cells = panel.GetProperty("table").GetProperty("rows").EnumerateArray()
            .Select(r => r.EnumerateArray().ToList())
            .Single(r => r[keys.IndexOf("tenant")].GetProperty("text").GetString() == SlowTenant && r[keys.IndexOf("path")].GetProperty("text").GetString() == SlowPath);
        Assert.Equal(p95, cells[keys.IndexOf("tenant_p95")].GetProperty("value").GetDouble());
        Assert.Equal(others, cells[keys.IndexOf("others_p95")].GetProperty("value").GetDouble());
        Assert.DoesNotContain("all_p95", keys);

        var shown = new[] { ValueFormat.Format(p95, "ms"), ValueFormat.Format(others, "ms") };
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + $"/tenants/{SlowTenantId}?env=prod&range=7d");
        var tenantRow = await page.Locator("#panel-paths tbody tr", new() { HasText = SlowPath }).First.InnerTextAsync();
        Assert.All(shown, s => Assert.Contains(s, tenantRow));

        await page.GotoAsync(app.BaseUrl + "/?env=prod&range=7d");
        // The overview keeps its table folded under the chart: its text is read whether it is open or not.
        var overviewRow = await page.Locator("#panel-slow_tenants tbody tr", new() { HasText = SlowTenant }).First.TextContentAsync() ?? "";
        Assert.Contains(SlowPath, overviewRow);
        Assert.All(shown, s => Assert.Contains(s, overviewRow));
    }

    [Fact]
    public async Task IncidentTenantP95_OneWindow_IsOneNumberInVerdictTableSummaryAndApi()
    {
        using var api = await GetJsonAsync("/api/incident?" + IncidentQuery);
        var tenant = api.RootElement.GetProperty("tenants").EnumerateArray().First();
        Assert.Equal(SlowTenantId, tenant.GetProperty("id").GetString());
        var p95 = ValueFormat.Format(tenant.GetProperty("p95").GetDouble(), "ms");
        var others = ValueFormat.Format(tenant.GetProperty("othersP95").GetDouble(), "ms");

        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/incident?" + IncidentQuery);

        var who = await page.GetByTestId("verdict-who").InnerTextAsync();
        Assert.Contains($"typical hourly p95 over the window {p95} vs {others} for the other tenants", who);
        var row = await page.Locator("#panel-tenants tbody tr", new() { HasText = SlowTenant }).First.InnerTextAsync();
        Assert.Contains(p95, row);
        Assert.Contains(others, row);
        var summary = await page.GetByTestId("incident-summary").InnerTextAsync();
        Assert.Contains($"Who: {SlowTenant} on {SlowPath}: typical hourly p95 over the window {p95} vs {others}", summary);
        // The finding judged its own days: its line says so, rather than passing for a second value of the same window.
        var findingLine = summary.Split('\n').Single(l => l.StartsWith("- [Critical] " + SlowTenant, StringComparison.Ordinal));
        Assert.Contains("(the finding's own window, since ", findingLine);
    }

    [Fact]
    public async Task TenantCharts_OnEveryPage_CompareWithTheOtherTenantsInTheSameColours()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        var colours = new List<(string Subject, string Comparison)>();
        foreach (var (url, chart) in new[]
                 {
                     ("/?env=prod&range=7d", "#panel-slow_tenants svg.chart"),
                     ($"/tenants/{SlowTenantId}?env=prod&range=7d", "#panel-trend-1 svg.chart"),
                     ("/incident?" + IncidentQuery, "#panel-tenants svg.chart"),
                 })
        {
            await page.GotoAsync(app.BaseUrl + url);
            var svg = page.Locator(chart);
            await Expect(svg.Locator($"g.series[data-name=\"{OtherTenants}\"]")).ToHaveCountAsync(1);
            await Expect(svg.Locator("g.series[data-name=\"All tenants p95\"]")).ToHaveCountAsync(0);
            var subject = await svg.Locator($"g.series[data-name=\"{SlowTenant}\"]").GetAttributeAsync("data-color");
            var comparison = await svg.Locator($"g.series[data-name=\"{OtherTenants}\"]").GetAttributeAsync("data-color");
            Assert.NotEqual(subject, comparison);
            colours.Add((subject!, comparison!));
        }
        Assert.Single(colours.Distinct());

        // The comparison line leaves the slow tenant out: once the tenant is slow, the others stay far below it.
        using var api = await GetJsonAsync($"/api/tenants/{SlowTenantId}?env=prod&range=7d");
        var trend = api.RootElement.GetProperty("trends").EnumerateArray().Single(t => t.GetProperty("path").GetString() == SlowPath);
        var mine = trend.GetProperty("tenant").EnumerateArray().ToDictionary(p => p.GetProperty("timestamp").GetDateTimeOffset(), p => p.GetProperty("value").GetDouble());
        var theirs = trend.GetProperty("otherTenants").EnumerateArray().ToDictionary(p => p.GetProperty("timestamp").GetDateTimeOffset(), p => p.GetProperty("value").GetDouble());
        var slowDays = mine.Where(kv => kv.Key >= DateTimeOffset.Parse("2026-11-19T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(slowDays);
        Assert.All(slowDays, kv => Assert.True(theirs[kv.Key] * 3 < kv.Value, $"{kv.Key}: others {theirs[kv.Key]} vs tenant {kv.Value}"));
    }

    [Fact]
    public async Task Header_EveryPage_ShowsEachFeedsFreshnessAndNoneIsLateOnSchedule()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        foreach (var url in new[] { "/?env=prod&range=24h", "/incident?" + IncidentQuery, $"/tenants/{SlowTenantId}?env=prod", "/logs?env=prod", "/reports" })
        {
            await page.GotoAsync(app.BaseUrl + url);
            var feeds = page.GetByTestId("feeds");
            foreach (var feed in new[] { "latency", "memory", "logs", "cost" })
                await Expect(feeds.Locator($"[data-feed={feed}]")).ToHaveCountAsync(1);
            // The demo's daily cost feed ends at today's billing date, the hourly feeds at the last hour: all on time.
            await Expect(feeds.Locator("[data-late=true]")).ToHaveCountAsync(0);
            await Expect(feeds.Locator(".stale")).ToHaveCountAsync(0);
            await Expect(feeds.Locator("[data-feed=latency]")).ToHaveTextAsync("latency 09:00");
        }
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var http = new HttpClient();
        var body = await http.GetStringAsync(app.BaseUrl + path);
        return JsonDocument.Parse(body);
    }
}
