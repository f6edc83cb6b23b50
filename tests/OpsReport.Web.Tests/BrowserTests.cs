using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpsReport.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpsReport.Web.Tests;

/// <summary>The dashboard in a real browser (Debian's Chromium via Playwright) against the real server on the embedded default.</summary>
[Collection(BrowserAppCollection.Name)]
public sealed class BrowserTests(BrowserAppFixture app)
{
    private const string SlowTenant = "株式会社サクラ物流";
    private const string SlowPath = "/api/exports/{id}/download";

    [Fact]
    public async Task Overview_Loads_ShowsTheDemoFindingsAndHeadlineNumbers()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(app.BaseUrl + "/");

        await Expect(page.GetByTestId("env-name")).ToHaveTextAsync("PROD");
        await Expect(page.GetByTestId("demo-badge")).ToBeVisibleAsync();
        await Expect(page.Locator(".finding-list")).ToContainTextAsync(SlowTenant);
        await Expect(page.Locator(".finding-list")).ToContainTextAsync("Memory of api");
        await Expect(page.GetByTestId("kpis")).ToContainTextAsync("Requests");
        await Expect(page.GetByTestId("changes")).ToContainTextAsync(SlowTenant);
        await Screenshots.SaveAsync(page, "overview");

        // The README's overview is this week so far, where the slow tenant and the memory sawtooth both show.
        await page.GetByRole(AriaRole.Group, new() { Name = "Time range" }).GetByRole(AriaRole.Link, new() { Name = "7d", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("kpis")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "overview-7d", "overview");
    }

    [Fact]
    public async Task Slos_OpenedFromTheOverview_ShowsTheBreachedExportSloAndItsTenants()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/?env=prod&range=7d");

        await page.GetByRole(AriaRole.Link, new() { Name = "All SLOs" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/slos\\?env=prod"));
        await Expect(page.GetByTestId("table-summary")).ToContainTextAsync("Exports download quickly");
        await Expect(page.Locator("#panel-exports-fast-tenants")).ToContainTextAsync(SlowTenant);
        await Expect(page.Locator("#panel-exports-fast svg").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "slos", "slos");
    }

    [Fact]
    public async Task Overview_SwitchingEnvironment_ChangesTheRibbonAndTheNumbers()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/?env=prod&range=24h");
        var prodRequests = await page.Locator("[data-kpi=Requests] .kpi-value").InnerTextAsync();

        await page.GetByRole(AriaRole.Group, new() { Name = "Environment" }).GetByRole(AriaRole.Link, new() { Name = "staging", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("env=staging"));
        await Expect(page.GetByTestId("env-name")).ToHaveTextAsync("STAGING");
        await Expect(page.Locator("header.ribbon")).ToHaveClassAsync(new Regex("ribbon-staging"));
        var stagingRequests = await page.Locator("[data-kpi=Requests] .kpi-value").InnerTextAsync();
        Assert.NotEqual(prodRequests, stagingRequests);
        await Expect(page.Locator("#panel-log_volume")).ToContainTextAsync("/aws/lambda/billing-sync-staging");
        await page.GetByRole(AriaRole.Group, new() { Name = "Time range" }).GetByRole(AriaRole.Link, new() { Name = "7d", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("env=staging&range=7d"));
        await Screenshots.SaveAsync(page, "overview-staging", "overview-staging");
    }

    [Fact]
    public async Task Incident_OpenedFromTheSlowTenantFinding_NamesTenantPathAndStart()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/tenants/sakura-logistics?env=prod&range=7d");
        await Screenshots.SaveAsync(page, "tenant", "tenant");

        await page.Locator(".finding-mini li", new() { HasText = "has been slow" }).GetByRole(AriaRole.Link, new() { Name = "incident view" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/incident\\?env=prod.*finding="));
        await Expect(page.GetByTestId("verdict-who")).ToContainTextAsync(SlowTenant);
        await Expect(page.GetByTestId("verdict-who")).ToContainTextAsync(SlowPath);
        await Expect(page.GetByTestId("verdict-what")).ToContainTextAsync("last week");
        await Expect(page.GetByTestId("verdict-since")).ToContainTextAsync("Thu 19 Nov 11:00");
        await Expect(page.Locator("#panel-tenants svg.chart")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "incident", "incident");
    }

    [Fact]
    public async Task Incident_CopySummary_PutsThePlainTextSummaryOnTheClipboard()
    {
        await using var context = await app.NewContextAsync(clipboard: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/incident?env=prod&from=2026-11-19T09:00&to=2026-11-19T18:00");
        var shown = await page.GetByTestId("incident-summary").InnerTextAsync();

        await page.GetByTestId("copy-summary").ClickAsync();

        await Expect(page.Locator("#copy-status")).ToHaveTextAsync("Copied to the clipboard");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(shown.Trim() + "\n", copied);
        Assert.StartsWith("[PROD] Incident view: 2026-11-19 09:00 – 2026-11-19 18:00", copied);
        Assert.Contains($"Who: {SlowTenant} on {SlowPath}", copied);
        Assert.Contains("What: typical hourly p95 over the window on " + SlowPath, copied);
        Assert.Contains("Since: Thu 19 Nov 11:00 (start of the finding)", copied);
        Assert.Contains("(last week ", copied);
        Assert.Contains(app.BaseUrl + "/incident?env=prod&from=2026-11-19T09:00&to=2026-11-19T18:00", copied);
    }

    [Fact]
    public async Task Latency_FilterSortAndCrosshair_WorkWithMouseAndKeyboard()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/latency?env=prod&range=7d&path=" + Uri.EscapeDataString(SlowPath));
        await Screenshots.SaveAsync(page, "latency", "latency");

        await page.Locator("input[data-filter=matrix-table]").FillAsync("exports");
        var visible = await page.Locator("#matrix-table tbody tr:visible th").AllInnerTextsAsync();
        Assert.NotEmpty(visible);
        Assert.All(visible, path => Assert.Contains("exports", path));

        await page.Locator("input[data-filter=matrix-table]").FillAsync("");
        var header = page.Locator("#matrix-table thead th", new() { HasText = "All tenants p95" });
        await header.ClickAsync();
        await header.ClickAsync();
        await Expect(header).ToHaveAttributeAsync("aria-sort", "descending");
        Assert.Equal(SlowPath, await page.Locator("#matrix-table tbody tr").First.Locator("th").InnerTextAsync());

        var chart = page.Locator("#panel-p95 svg.chart");
        await chart.HoverAsync();
        await Expect(page.Locator("#panel-p95 .crosshair-tip")).ToContainTextAsync("this week");

        await page.Locator("#panel-p99 figure").FocusAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(page.Locator("#panel-p99 .crosshair-tip")).ToContainTextAsync("last week");
    }

    [Theory]
    [InlineData("/memory?env=prod&range=7d", "memory", "Memory of api")]
    [InlineData("/logs?env=staging&range=7d", "logs", "/aws/lambda/billing-sync-staging")]
    [InlineData("/cost?env=staging", "cost", "AmazonCloudWatch")]
    [InlineData("/coverage?env=prod", "coverage", "Source streams")]
    [InlineData("/tenants?env=prod", "tenants", SlowTenant)]
    [InlineData("/incident?env=staging&last=7d&lang=ja", "incident-staging-ja", "障害調査")]
    public async Task Page_RendersInTheBrowser_AndIsSavedAsAScreenshot(string url, string name, string text)
    {
        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        var response = await page.GotoAsync(app.BaseUrl + url);

        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("main")).ToContainTextAsync(text);
        Assert.Empty(errors);
        await Screenshots.SaveAsync(page, name);
    }
}
