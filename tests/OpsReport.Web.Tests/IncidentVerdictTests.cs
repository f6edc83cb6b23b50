using System.Net;
using System.Text.Json;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// The incident verdict on the demo store (clock 2026-11-22 00:30 UTC; the slow tenant is slow since Thu 19 Nov 11:00
/// Asia/Tokyo, under half of a 7-day window): the view, its Copy summary and <c>/api/incident</c> name the same tenant,
/// and a window before the incident says nothing is slower.
/// </summary>
[Collection(DemoAppCollection.Name)]
public sealed class IncidentVerdictTests(DemoAppFactory app)
{
    private const string SlowTenant = "株式会社サクラ物流";
    private const string SlowTenantId = "sakura-logistics";

    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("last=7d")]
    [InlineData("last=24h")]
    public async Task Incident_LastWindowOverTheSlowdown_ViewSummaryAndApiNameTheSlowTenant(string window)
    {
        var html = await _client.GetStringAsync("/incident?env=prod&" + window);
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/incident?env=prod&" + window));

        Assert.Contains(SlowTenant, WebUtility.HtmlDecode(HtmlSlice.Between(html, "data-testid=\"verdict-who\">", "</dd>")));
        Assert.Contains(SlowTenant, WebUtility.HtmlDecode(HtmlSlice.Between(html, "data-testid=\"incident-summary\">", "</pre>")));
        Assert.DoesNotContain("No path or tenant is slower", html);
        var verdict = json.RootElement.GetProperty("verdict");
        Assert.False(verdict.GetProperty("calm").GetBoolean());
        Assert.Contains(SlowTenant, verdict.GetProperty("who").GetString());
        Assert.Contains(SlowTenant, json.RootElement.GetProperty("summary").GetString());
        var affected = json.RootElement.GetProperty("tenants").EnumerateArray()
            .Where(t => t.GetProperty("isAffected").GetBoolean()).Select(t => t.GetProperty("id").GetString()).Distinct().ToList();
        Assert.Equal([SlowTenantId], affected);
    }

    [Fact]
    public async Task Incident_LastSevenDays_JudgesTheSlowTenantFromItsOnsetWithTheNumbersItShows()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/incident?env=prod&last=7d"));

        var slow = json.RootElement.GetProperty("tenants").EnumerateArray().First(t => t.GetProperty("id").GetString() == SlowTenantId);
        var shift = slow.GetProperty("shift");
        var ratio = shift.GetProperty("ratio").GetDouble();
        var p95 = shift.GetProperty("p95").GetDouble();
        Assert.True(ratio >= 3, $"since-onset ratio {ratio}");
        Assert.Equal(p95 / shift.GetProperty("p95Before").GetDouble(), ratio, 6);
        // The onset is the slowdown's (Thu 19 Nov 11:00 Asia/Tokyo = 02:00 UTC), within two hours.
        var since = shift.GetProperty("since").GetDateTimeOffset();
        Assert.InRange(since, new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 19, 4, 0, 0, TimeSpan.Zero));
        var who = json.RootElement.GetProperty("verdict").GetProperty("who").GetString()!;
        Assert.Contains(OpsReport.Core.Charts.ValueFormat.Format(p95, "ms"), who);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&lang=ja")]
    public async Task Incident_PlainWindowBeforeTheIncident_SaysNothingIsSlower(string lang)
    {
        var url = "/incident?env=prod&from=2026-11-08T00:00&to=2026-11-15T00:00" + lang;
        var html = await _client.GetStringAsync(url);
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api" + url));

        Assert.True(json.RootElement.GetProperty("verdict").GetProperty("calm").GetBoolean(), json.RootElement.GetProperty("summary").GetString());
        Assert.DoesNotContain(json.RootElement.GetProperty("tenants").EnumerateArray(), t => t.GetProperty("isAffected").GetBoolean());
        Assert.DoesNotContain("data-testid=\"verdict-who\"", html);
        Assert.DoesNotContain(SlowTenant, WebUtility.HtmlDecode(HtmlSlice.Between(html, "data-testid=\"incident-summary\">", "</pre>")));
    }
}
