using System.Net;
using System.Text.Encodings.Web;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>The dashboard views beyond the overview on the embedded default (demo data, fixed clock, analysis run once).</summary>
[Collection(DemoAppCollection.Name)]
public sealed class DashboardViewsTests(DemoAppFactory app)
{
    private const string SlowTenant = "株式会社サクラ物流";
    private const string SlowPath = "/api/exports/{id}/download";

    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("/latency?env=prod&range=7d", "data-testid=\"latency-matrix\"")]
    [InlineData("/latency?env=prod&range=24h&path=%2Fapi%2Fexports%2F%7Bid%7D%2Fdownload", "id=\"panel-p95\"")]
    [InlineData("/latency?env=staging&q=reports&top=3&sort=p95", "data-testid=\"latency-matrix\"")]
    [InlineData("/incident?env=prod", "data-testid=\"verdict\"")]
    [InlineData("/incident?env=prod&last=6h", "data-testid=\"incident-summary\"")]
    [InlineData("/incident?env=staging&last=7d", "id=\"panel-logs\"")]
    [InlineData("/incident?env=prod&from=2026-10-01T00:00&to=2026-11-20T00:00", "id=\"panel-memory\"")]
    [InlineData("/tenants?env=prod", "data-testid=\"table-tenants\"")]
    [InlineData("/tenants/sakura-logistics?env=prod&range=7d", "data-testid=\"tenant-pdf\"")]
    [InlineData("/memory?env=prod&range=7d", "id=\"panel-service-api\"")]
    [InlineData("/logs?env=staging&range=7d", "id=\"panel-groups\"")]
    [InlineData("/cost?env=staging", "id=\"panel-movers\"")]
    [InlineData("/coverage?env=prod", "id=\"panel-streams\"")]
    [InlineData("/?env=prod&lang=ja", "data-testid=\"kpis\"")]
    public async Task Page_ValidParameters_RendersWithFrameAndPanels(string url, string marker)
    {
        var response = await _client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(marker, html);
        Assert.Contains("data-testid=\"env-name\"", html);
        Assert.Contains("Asia/Tokyo", html);
        Assert.Contains("DEMO", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("blazor.web.js", html);
    }

    [Fact]
    public async Task Incident_SlowTenantWindow_NamesTenantPathAndSinceWhenAgainstLastWeek()
    {
        var html = await _client.GetStringAsync("/incident?env=prod&from=2026-11-19T09:00&to=2026-11-19T18:00");

        var who = HtmlSlice.Between(html, "data-testid=\"verdict-who\">", "</dd>");
        Assert.Contains(SlowTenant, who);
        Assert.Contains(SlowPath, who);
        Assert.Contains(SlowPath, HtmlSlice.Between(html, "data-testid=\"verdict-what\">", "</dd>"));
        Assert.Contains("Thu 19 Nov 11:00", HtmlSlice.Between(html, "data-testid=\"verdict-since\">", "</dd>"));
        Assert.Contains("2026-11-12 09:00", html); // the same hours a week earlier
        var summary = WebUtility.HtmlDecode(HtmlSlice.Between(html, "data-testid=\"incident-summary\">", "</pre>"));
        Assert.Contains(SlowTenant, summary);
        Assert.Contains("last week", summary);
        // Built from OpsReport:BaseUrl, never from the request's Host.
        Assert.Contains("http://localhost:5080/incident?env=prod&from=2026-11-19T09:00&to=2026-11-19T18:00", summary);
    }

    [Fact]
    public async Task Incident_OpenedFromTheSlowTenantFinding_ShowsItsStartPathAndTenant()
    {
        var html = await _client.GetStringAsync("/incident?env=prod&finding=" + Uri.EscapeDataString("prod:SlowTenant:sakura-logistics"));

        Assert.Contains("2026-11-18 23:00", html); // 12 hours before the start, in Asia/Tokyo
        Assert.Contains(SlowTenant, HtmlSlice.Between(html, "data-testid=\"verdict-who\">", "</dd>"));
        Assert.Contains("Thu 19 Nov 11:00 (start of the finding)", HtmlSlice.Between(html, "data-testid=\"verdict-since\">", "</dd>"));
        Assert.Contains("class=\"marker\"", html); // the onset is drawn on the charts
    }

    [Fact]
    public async Task Incident_Japanese_SummaryAndFindingsInJapanese()
    {
        var html = await _client.GetStringAsync("/incident?env=prod&finding=" + Uri.EscapeDataString("prod:SlowTenant:sakura-logistics") + "&lang=ja");

        Assert.Contains("<html lang=\"ja\">", html);
        Assert.Contains("障害調査", html);
        Assert.Contains("いつから", html);
        Assert.Contains("11月19日(木) 11:00", html);
        Assert.Contains("lang=ja", HtmlSlice.Between(html, "data-testid=\"share-url\">", "</a>"));
    }

    [Fact]
    public async Task Latency_Matrix_HeatsTheSlowTenantOnTheExportPathAndFoldsOtherTenants()
    {
        var html = await _client.GetStringAsync("/latency?env=prod&range=7d&top=4");

        var row = HtmlSlice.Between(html, ">" + SlowPath + "</a></th>", "</tr>");
        Assert.Contains("heat heat-4", row);
        Assert.Contains("other (", html);
        var csv = CsvReader.Parse(await _client.GetStringAsync("/api/latency/matrix.csv?env=prod&range=7d&top=4"));
        Assert.Contains($"{SlowTenant} p95", csv[0]);
        Assert.Contains(csv[0], c => c.StartsWith("other (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Latency_Search_KeepsMatchingPathsOnly()
    {
        var html = await _client.GetStringAsync("/latency?env=prod&q=exports");

        Assert.Contains(SlowPath, html);
        Assert.DoesNotContain(">/login</a>", html);
    }

    [Fact]
    public async Task Latency_PathDetail_RanksTheSlowTenantFirst()
    {
        var csv = CsvReader.Parse(await _client.GetStringAsync("/api/latency/tenants.csv?env=prod&range=7d&path=" + Uri.EscapeDataString(SlowPath)));

        Assert.Equal(SlowTenant, csv[1][0]);
        Assert.True(double.Parse(csv[1][2], System.Globalization.CultureInfo.InvariantCulture) >= 3);
    }

    [Fact]
    public async Task Tenant_Page_ComparesWithAllTenantsListsItsFindingAndLinksItsPdf()
    {
        var html = await _client.GetStringAsync("/tenants/sakura-logistics?env=prod&range=7d");

        Assert.Contains(SlowTenant, HtmlSlice.Between(html, "data-testid=\"tenant-name\">", "</h1>"));
        Assert.Contains("/reports/weekly.pdf?env=prod&amp;tenant=sakura-logistics", html);
        Assert.Contains("has been slow on " + SlowPath, html);
        Assert.Contains("30-day trend: daily p95 on " + SlowPath, html);
        var pdf = await _client.GetAsync("/reports/weekly.pdf?env=prod&tenant=sakura-logistics");
        Assert.True(pdf.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"the PDF link answered {pdf.StatusCode}");
    }

    [Fact]
    public async Task Memory_Prod_ProjectsTheApiLeakFromItsFinding()
    {
        var csv = CsvReader.Parse(await _client.GetStringAsync("/api/memory/services.csv?env=prod&range=7d"));

        var api = csv.Single(r => r[0] == "api");
        Assert.Equal("finding (growth between restarts)", api[6]);
        Assert.True(double.Parse(api[5], System.Globalization.CultureInfo.InvariantCulture) < 30, $"days to the threshold: {api[5]}");
    }

    [Fact]
    public async Task Logs_Staging_ShowsTheDebugLambdaFarAboveItsUsualRange()
    {
        var csv = CsvReader.Parse(await _client.GetStringAsync("/api/logs/groups.csv?env=staging&range=24h"));

        var row = csv[1];
        Assert.Equal("/aws/lambda/billing-sync-staging", row[0]);
        Assert.True(double.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture) >= 10, $"× usual was {row[3]}");
        Assert.True(double.Parse(row[6], System.Globalization.CultureInfo.InvariantCulture) > 80, $"DEBUG share was {row[6]}");
    }

    [Fact]
    public async Task Cost_Staging_CloudWatchIsTheTopMover()
    {
        var csv = CsvReader.Parse(await _client.GetStringAsync("/api/cost/movers.csv?env=staging"));

        Assert.Equal("AmazonCloudWatch", csv[1][0]);
        Assert.Contains("DataProcessing-Bytes", csv[1][1]);
    }

    [Fact]
    public async Task Coverage_ListsEveryEnvironmentWithItsStreams()
    {
        var csv = CsvReader.Parse(await _client.GetStringAsync("/api/coverage/environments.csv?env=prod"));

        Assert.Equal(["prod", "staging", "demo"], csv.Skip(1).Select(r => r[0]).ToArray());
        var streams = CsvReader.Parse(await _client.GetStringAsync("/api/coverage/streams.csv?env=prod"));
        Assert.Contains(streams.Skip(1), r => r[0] == "demo" && r[2] == "Succeeded");
    }

    [Fact]
    public async Task Overview_ShowsKpiTilesAndTheSinceYesterdayStripWithALinkToTheIncidentView()
    {
        var html = await _client.GetStringAsync("/?env=prod");

        Assert.Contains("data-testid=\"kpis\"", html);
        var strip = HtmlSlice.Between(html, "data-testid=\"changes\"", "</section>");
        Assert.Contains(SlowTenant, strip);
        Assert.Contains("/incident?env=prod", strip);
        foreach (var nav in new[] { "Latency", "Incident", "Tenants", "Memory", "Logs", "Cost", "Coverage", "Reports" })
            Assert.Contains($">{nav}</a>", html);
    }

    [Theory]
    [InlineData("/latency?env=nope", "Unknown environment 'nope'. Known environments: prod, staging, demo.")]
    [InlineData("/incident?env=nope", "Unknown environment 'nope'")]
    [InlineData("/memory?range=1y", "Unknown range '1y'")]
    [InlineData("/logs?lang=fr", "Unknown language 'fr'")]
    [InlineData("/incident?from=2026-11-20T00:00&to=2026-11-19T00:00", "'from' (2026-11-20T00:00) must be before 'to' (2026-11-19T00:00).")]
    [InlineData("/incident?from=2026-01-01T00:00&to=2026-11-19T00:00", "the incident view shows at most 90 days")]
    [InlineData("/incident?from=yesterday", "'from=yesterday' is not a time")]
    [InlineData("/incident?to=2026-11-19T00:00", "'to' needs a 'from'")]
    [InlineData("/incident?last=2w", "Unknown 'last=2w'")]
    [InlineData("/incident?last=6h&from=2026-11-19T00:00", "Give either last= or from=/to=")]
    [InlineData("/incident?finding=nope", "No finding 'nope' in prod")]
    [InlineData("/latency?top=0", "'top' must be a whole number from 1 to 50")]
    [InlineData("/latency?top=many", "'top' must be a whole number from 1 to 50")]
    [InlineData("/latency?sort=size", "Unknown sort 'size'")]
    [InlineData("/latency?path=%2Fnope", "No latency data for path '/nope' in prod")]
    [InlineData("/cost?env=prod&env=staging", "'env' is given 2 times")]
    public async Task Page_BadParameters_Return400WithTheMessage(string url, string message)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(HtmlEncoder.Default.Encode(message), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Page_SearchTooLong_Returns400()
    {
        var response = await _client.GetAsync("/latency?q=" + new string('x', 101));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Tenant_Unknown_Returns404WithAMessage()
    {
        var response = await _client.GetAsync("/tenants/nobody?env=prod");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No tenant &#x27;nobody&#x27; in prod", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EveryRoute_OddParameters_NeverAnswers500()
    {
        string[] routes = ["/", "/latency", "/incident", "/tenants", "/tenants/acme", "/memory", "/logs", "/cost", "/coverage",
            "/api/latency", "/api/incident", "/api/tenants", "/api/tenants/acme", "/api/memory", "/api/logs", "/api/cost", "/api/coverage", "/api/kpis", "/api/changes"];
        string[] queries = ["", "?env=", "?env=%00", "?range=%F0%9F%92%A5", "?lang=", "?from=2026-11-19T09:00%2B09:00&to=2026-11-19T12:00Z", "?from=9999-12-31T23:00&to=9999-12-31T23:59",
            "?from=0001-01-01&to=0001-01-02", "?path=%20", "?top=2147483648", "?q=%25", "?finding=%3A%3A", "?last=", "?sort="];
        foreach (var route in routes)
        {
            foreach (var query in queries)
            {
                var response = await _client.GetAsync(route + query);
                Assert.True((int)response.StatusCode < 500, $"{route}{query} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }
}
