using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpsReport.Core.Storage;
using OpsReport.Web.Hosting;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>Headers, hosts and "send now" on the embedded default (Auth:Mode None on loopback).</summary>
[Collection(DemoAppCollection.Name)]
public sealed class SecurityTests(DemoAppFactory app)
{
    private readonly HttpClient _client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/")]
    [InlineData("/reports")]
    [InlineData("/api/findings")]
    [InlineData("/app.js")]
    public async Task Response_AnyRoute_CarriesSecurityHeaders(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline' ; script", csp);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Pages_Html_HaveNoInlineScript()
    {
        foreach (var path in new[] { "/", "/incident?last=7d", "/reports", "/latency", "/tenants" })
        {
            var html = await _client.GetStringAsync(path);
            foreach (System.Text.RegularExpressions.Match script in System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>"))
                Assert.Contains("src=", script.Value);
            Assert.DoesNotContain(" onclick=", html);
        }
    }

    [Fact]
    public async Task Request_ForeignHostHeader_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports");
        request.Headers.Host = "evil.example";

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task IncidentShareLink_RequestOnAnotherLocalName_IsBuiltFromBaseUrl()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/incident?last=7d");
        request.Headers.Host = "127.0.0.1:1234";

        var json = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("http://localhost:5080/incident?env=", json);
        Assert.DoesNotContain("127.0.0.1:1234", json);
    }

    [Fact]
    public async Task SendNow_WithoutAntiforgeryToken_IsRefusedAndSendsNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/reports/weekly/send")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["env"] = "prod", ["period"] = "2026-W43" }),
        };
        request.Headers.Add("Origin", "http://localhost");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reload the reports page", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(await app.Services.GetRequiredService<IMetricStore>().GetDeliveriesAsync(), d => d.Period == "2026-W43");
    }

    [Theory]
    [InlineData("tenant", "Your account is suspended - call +1-555-0100", "is not a tenant id")]
    [InlineData("env", "a\0b", "could not be read")]
    [InlineData("env", "staging\r\nBcc: x@evil.example", "is not an environment")]
    [InlineData("period", "0001-W01", "does not overlap")]
    [InlineData("period", "9998-W01", "does not overlap")]
    [InlineData("period", "next week please", "is not a period")]
    [InlineData("force", "sure", "checkbox")]
    public async Task SendNow_FieldNamingNothingThatExists_Is400AndSendsNothing(string field, string value, string expected)
    {
        var before = (await app.Services.GetRequiredService<IMetricStore>().GetDeliveriesAsync()).Count;
        var fields = new Dictionary<string, string> { ["env"] = "staging", ["period"] = "2026-W42", [AntiforgeryForm.FieldName] = await AntiforgeryForm.TokenAsync(_client) };
        fields[field] = value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/reports/weekly/send") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", "http://localhost");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(body.Contains(expected, StringComparison.Ordinal), body);
        Assert.Equal(before, (await app.Services.GetRequiredService<IMetricStore>().GetDeliveriesAsync()).Count);
    }

    [Fact]
    public async Task ReportsPage_CraftedResultInTheAddress_ShowsNoText()
    {
        var html = await _client.GetStringAsync("/reports?result=Your+account+is+suspended&message=Your+account+is+suspended");

        Assert.DoesNotContain("suspended", html);
    }

    [Fact]
    public async Task None_RequestFromAnotherMachine_IsRefused()
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Path = "/";
            c.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        });

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
    }

    [Fact]
    public async Task BenchHeader_100kDistinctValues_KeepsAtMostTheBound()
    {
        var timings = app.Services.GetRequiredService<RequestTimings>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 100_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
            request.Headers.Add(RequestTimings.Header, "mark-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await _client.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        Assert.InRange(timings.Pending, 0, RequestTimings.MaxPending);
    }
}
