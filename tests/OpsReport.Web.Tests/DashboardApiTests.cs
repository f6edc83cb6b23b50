using System.Net;
using System.Text.Json;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>The JSON API and CSV downloads of every view, and health endpoints.</summary>
[Collection(DemoAppCollection.Name)]
public sealed class DashboardApiTests(DemoAppFactory app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("/api/latency?env=prod&range=7d", "matrix")]
    [InlineData("/api/latency?env=prod&path=%2Fapi%2Fexports%2F%7Bid%7D%2Fdownload", "path")]
    [InlineData("/api/incident?env=prod&last=24h", "tenants")]
    [InlineData("/api/tenants?env=prod", "tenants")]
    [InlineData("/api/tenants/sakura-logistics?env=prod", "paths")]
    [InlineData("/api/memory?env=prod", "services")]
    [InlineData("/api/logs?env=staging", "groups")]
    [InlineData("/api/cost?env=staging", "lines")]
    [InlineData("/api/coverage", "environments")]
    [InlineData("/api/kpis?env=prod", "tiles")]
    [InlineData("/api/changes?env=prod", "items")]
    public async Task Api_ValidParameters_ReturnsJsonWithNumbers(string url, string property)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var numbers = Numbers(json.RootElement.GetProperty(property)).ToList();
        Assert.True(numbers.Count(n => n > 0) >= 1, $"{url}: '{property}' holds {numbers.Count} numbers, none above zero");
    }

    // Every number anywhere inside a JSON value.
    private static IEnumerable<double> Numbers(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => [e.GetDouble()],
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Numbers),
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Numbers(p.Value)),
        _ => [],
    };

    [Fact]
    public async Task ApiIncident_SlowTenantWindow_HasTheTenantSinceAndSummary()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/incident?env=prod&from=2026-11-19T09:00&to=2026-11-19T18:00"));

        var root = json.RootElement;
        var first = root.GetProperty("tenants")[0];
        Assert.Equal("sakura-logistics", first.GetProperty("id").GetString());
        Assert.True(first.GetProperty("vsOthers").GetDouble() >= 3);
        Assert.Equal(DateTimeOffset.Parse("2026-11-19T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("since").GetProperty("at").GetDateTimeOffset());
        Assert.Contains("株式会社サクラ物流", root.GetProperty("summary").GetString());
        Assert.Equal("2026-11-19T00:00:00+00:00", root.GetProperty("window").GetProperty("start").GetString());
    }

    [Fact]
    public async Task ApiIncident_SevenDays_StaysUnder300KbAndItsCsvHasEveryTenantRowsSeries()
    {
        var body = await _client.GetByteArrayAsync("/api/incident?env=prod&last=7d");

        Assert.True(body.Length <= 300 * 1024, $"/api/incident?last=7d is {body.Length / 1024} KB");
        using var json = JsonDocument.Parse(body);
        var tenants = json.RootElement.GetProperty("tenants").EnumerateArray().ToList();
        Assert.True(tenants.Count > OpsReport.Web.Pages.Views.IncidentModel.TenantSeriesRows, $"{tenants.Count} tenant rows");
        var first = tenants[0].GetProperty("series").GetProperty("current");
        Assert.Equal("PT1H", first.GetProperty("step").GetString());
        var values = first.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()).ToList();
        Assert.Equal(7 * 24, values.Count);
        Assert.Equal(JsonValueKind.Null, tenants[^1].GetProperty("series").ValueKind);
        Assert.True(tenants[^1].GetProperty("p95").ValueKind is JsonValueKind.Number or JsonValueKind.Null);

        // Every row's series is in the CSV the answer links to, the listed rows' values exactly as in the JSON.
        var rows = CsvReader.Parse((await _client.GetStringAsync(json.RootElement.GetProperty("tenantSeriesCsv").GetString())).TrimStart('\uFEFF'));
        Assert.Equal(1 + (tenants.Count * 7 * 24), rows.Count);
        var (id, path) = (tenants[0].GetProperty("id").GetString(), tenants[0].GetProperty("path").GetString());
        var csv = rows.Skip(1).Where(r => r[1] == id && r[2] == path)
            .Select(r => r[3].Length == 0 ? (double?)null : double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(values, csv);
        Assert.Contains(values, v => v is not null);
    }

    [Fact]
    public async Task ApiKpis_Prod_CountsTheExportPathAmongTheSlowerPaths()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/kpis?env=prod"));

        var slower = json.RootElement.GetProperty("tiles").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "slowerPaths");
        Assert.True(slower.GetProperty("current").GetDouble() >= 1);
        Assert.Equal("/api/exports/{id}/download", slower.GetProperty("subject").GetString());
    }

    [Theory]
    [InlineData("/api/latency/matrix.csv?env=prod")]
    [InlineData("/api/latency/p95.chart.csv?env=prod&path=%2Flogin")]
    [InlineData("/api/latency/days.csv?env=prod&path=%2Flogin")]
    [InlineData("/api/incident/paths.csv?env=prod&last=6h")]
    [InlineData("/api/incident/tenants.chart.csv?env=prod&finding=prod%3ASlowTenant%3Asakura-logistics")]
    [InlineData("/api/incident/errors.chart.csv?env=prod")]
    [InlineData("/api/incident/gaps.csv?env=prod&from=2026-11-21T12:00&to=2026-11-22T12:00")]
    [InlineData("/api/tenants/tenants.csv?env=prod")]
    [InlineData("/api/tenants/acme/paths.csv?env=prod")]
    [InlineData("/api/tenants/acme/requests.chart.csv?env=prod")]
    [InlineData("/api/memory/service-api.chart.csv?env=prod")]
    [InlineData("/api/logs/groups.csv?env=prod")]
    [InlineData("/api/cost/daily.chart.csv?env=prod")]
    [InlineData("/api/coverage/monitored.csv?env=demo")]
    public async Task Csv_EveryTableAndChart_DownloadsWithAHeaderRow(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Content.Headers.ContentDisposition?.FileName);
        var rows = CsvReader.Parse((await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.True(rows.Count >= 2, $"{url}: {rows.Count} rows; a header alone is not a table");
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
        Assert.Contains(rows.Skip(1), r => r.Skip(1).Any(c => c.Length > 0));
    }

    [Fact]
    public async Task ChartCsv_HasOneRowPerHourAndInvariantNumbers()
    {
        var rows = CsvReader.Parse((await _client.GetStringAsync("/api/incident/errors.chart.csv?env=prod&from=2026-11-19T09:00&to=2026-11-19T15:00")).TrimStart('\uFEFF'));

        Assert.Equal(7, rows.Count);
        Assert.Equal("2026-11-19 09:00", rows[1][0]);
        Assert.DoesNotContain(",", rows[1][1]);
        Assert.True(double.TryParse(rows[1][1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Theory]
    [InlineData("/api/latency?env=nope", 400)]
    [InlineData("/api/latency?top=99", 400)]
    [InlineData("/api/incident?from=2026-11-20T00:00&to=2026-11-19T00:00", 400)]
    [InlineData("/api/incident?from=2026-01-01&to=2026-11-19", 400)]
    [InlineData("/api/incident/paths.csv?last=1y", 400)]
    [InlineData("/api/latency/nothing.csv?env=prod", 400)]
    [InlineData("/api/incident/findings.chart.csv?env=prod", 400)]
    [InlineData("/api/tenants/nobody?env=prod", 404)]
    [InlineData("/api/tenants/nobody/paths.csv?env=prod", 404)]
    [InlineData("/api/memory?lang=de", 400)]
    [InlineData("/api/kpis?env=nope", 400)]
    [InlineData("/api/changes?range=2d", 400)]
    public async Task Api_BadParameters_ReturnProblemWithDetail(string url, int status)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(status, (int)response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Health_LiveAndReady()
    {
        Assert.Equal("ok", await _client.GetStringAsync("/healthz"));
        using var ready = JsonDocument.Parse(await _client.GetStringAsync("/readyz"));
        Assert.Equal("ready", ready.RootElement.GetProperty("status").GetString());
        Assert.True(ready.RootElement.GetProperty("streamsCollected").GetInt32() > 0);
        Assert.Equal("SQLite", ready.RootElement.GetProperty("store").GetProperty("provider").GetString());
        Assert.Equal(4, ready.RootElement.GetProperty("store").GetProperty("schemaVersion").GetInt32());
        Assert.False(string.IsNullOrEmpty(ready.RootElement.GetProperty("instance").GetString()));
        Assert.Equal(JsonValueKind.Array, ready.RootElement.GetProperty("leases").ValueKind);
    }

    [Fact]
    public async Task Pages_SendServerTimingHeader()
    {
        var response = await _client.GetAsync("/latency?env=prod");

        Assert.StartsWith("app;dur=", response.Headers.GetValues("Server-Timing").Single());
    }
}
