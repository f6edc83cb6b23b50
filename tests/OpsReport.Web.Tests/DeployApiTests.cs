using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// <c>POST /api/deploys</c> as a CI pipeline calls it on the embedded default: validated, idempotent, loopback only until
/// sign-in exists; the deploys it records show in <c>GET /api/deploys</c> and in the incident view of their window.
/// </summary>
[Collection(DemoAppCollection.Name)]
public sealed class DeployApiTests(DemoAppFactory app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Post_ValidDeployTwice_CreatedThenOkAndRecordedOnce()
    {
        const string body = """{"service":"checkout","environment":"demo","version":"2026.11.20-1","time":"2026-11-20T12:15:00+09:00"}""";

        var first = await PostAsync(body, IPAddress.Loopback);
        var second = await PostAsync(body, IPAddress.IPv6Loopback);
        var listed = await _client.GetStringAsync("/api/deploys?env=demo&from=2026-11-20T03:00:00Z&to=2026-11-20T04:00:00Z");

        Assert.Equal(StatusCodes.Status201Created, first.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, second.StatusCode);
        using var json = JsonDocument.Parse(listed);
        var deploy = Assert.Single(json.RootElement.EnumerateArray(), d => d.GetProperty("service").GetString() == "checkout");
        Assert.Equal("2026.11.20-1", deploy.GetProperty("version").GetString());
        Assert.Equal("2026-11-20T03:15:00+00:00", deploy.GetProperty("at").GetString());
        Assert.Equal("api", deploy.GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("""{"service":"api","environment":"nowhere","version":"1"}""", "Unknown environment 'nowhere'")]
    [InlineData("""{"service":"api","environment":"demo"}""", "version is missing")]
    [InlineData("""{"service":"api\u0007","environment":"demo","version":"1"}""", "control characters")]
    [InlineData("""{"service":"","environment":"demo","version":"1"}""", "service must be 1 to 100 characters")]
    [InlineData("""{"service":"api","environment":"demo","version":1.2}""", "version must be a string")]
    [InlineData("""{"service":"api","environment":"demo","version":"1","time":"2026-11-23T00:00:00Z"}""", "is in the future")]
    [InlineData("""{"service":"api","environment":"demo","version":"1","time":"2024-01-01T00:00:00Z"}""", "more than 400 days ago")]
    [InlineData("""{"service":"api","environment":"demo","version":"1","time":"2026-11-20T12:00:00"}""", "with a zone")]
    [InlineData("""{"service":"api","environment":"demo","version":"1","sevrice":"x"}""", "Unknown field 'sevrice'")]
    [InlineData("""service=api""", "not JSON")]
    public async Task Post_InvalidDeploy_BadRequestWithASentence(string body, string expected)
    {
        var response = await PostAsync(body, IPAddress.Loopback);

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(response.Body);
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_LongVersion_BadRequest()
    {
        var body = JsonSerializer.Serialize(new { service = "api", environment = "demo", version = new string('v', 129) });

        var response = await PostAsync(body, IPAddress.Loopback);

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
        Assert.Contains("version must be 1 to 128 characters", response.Body);
    }

    // Another machine is refused by the sign-in gate first (Auth:Mode None serves this machine only: 401 on the API);
    // a loopback request relayed by a proxy passes the gate and is refused by the endpoint itself (403).
    [Theory]
    [InlineData("203.0.113.7", null, StatusCodes.Status401Unauthorized, "Sign-in is required")]
    [InlineData("127.0.0.1", "198.51.100.4", StatusCodes.Status403Forbidden, "only from this machine")]
    public async Task Post_FromAnotherMachine_RefusedAndNothingRecorded(string remote, string? forwardedFor, int expectedStatus, string expectedReason)
    {
        const string body = """{"service":"intruder","environment":"demo","version":"6.6.6","time":"2026-11-20T05:00:00Z"}""";

        var response = await PostAsync(body, IPAddress.Parse(remote), forwardedFor);
        var listed = await _client.GetStringAsync("/api/deploys?env=demo&from=2026-11-20T04:00:00Z&to=2026-11-20T06:00:00Z");

        Assert.Equal(expectedStatus, response.StatusCode);
        Assert.Contains(expectedReason, response.Body);
        Assert.DoesNotContain("intruder", listed);
    }

    [Fact]
    public async Task Incident_WindowWithARecordedDeploy_ListsItOnThePageInTheApiAndAsAChartMarker()
    {
        var post = await PostAsync("""{"service":"search","environment":"demo","version":"v42","time":"2026-11-21T01:10:00Z"}""", IPAddress.Loopback);

        var html = await _client.GetStringAsync("/incident?env=demo&from=2026-11-21T09:00&to=2026-11-21T12:00");
        var api = await _client.GetStringAsync("/api/incident?env=demo&from=2026-11-21T09:00&to=2026-11-21T12:00");
        var ja = await _client.GetStringAsync("/incident?env=demo&from=2026-11-21T09:00&to=2026-11-21T12:00&lang=ja");

        Assert.Equal(StatusCodes.Status201Created, post.StatusCode);
        var list = HtmlSlice.Between(html, "data-testid=\"deploys\">", "</ul>");
        Assert.Contains("2026-11-21 10:10", list); // 01:10 UTC shown in Asia/Tokyo
        Assert.Contains("search", list);
        Assert.Contains("v42", list);
        Assert.Contains("class=\"marker deploy\"", html);
        Assert.Contains("search v42", WebUtility.HtmlDecode(HtmlSlice.Between(html, "data-testid=\"incident-summary\">", "</pre>")));
        using var json = JsonDocument.Parse(api);
        var deploy = Assert.Single(json.RootElement.GetProperty("deploys").EnumerateArray(), d => d.GetProperty("service").GetString() == "search");
        Assert.Equal("v42", deploy.GetProperty("version").GetString());
        Assert.Contains("デプロイ", ja);
    }

    [Fact]
    public async Task Incident_SlowTenantFinding_ListsTheDemoDeployAtItsOnsetAndTheFindingNamesIt()
    {
        var html = await _client.GetStringAsync("/incident?env=prod&finding=" + Uri.EscapeDataString("prod:SlowTenant:sakura-logistics"));
        var findings = await _client.GetStringAsync("/api/findings?env=prod");

        var list = HtmlSlice.Between(html, "data-testid=\"deploys\">", "</ul>");
        Assert.Contains("2026-11-19 11:00 · <strong>api</strong> 2026.11.19", list);
        Assert.Contains("class=\"marker deploy\"", html);
        Assert.Contains("Deploy of api 2026.11.19 at Thu 19 Nov 11:00, 0 min before the change began (demo).", findings);
    }

    private async Task<(int StatusCode, string Body)> PostAsync(string body, IPAddress remote, string? forwardedFor = null)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/deploys";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            c.Connection.RemoteIpAddress = remote;
            if (forwardedFor is not null)
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }
}
