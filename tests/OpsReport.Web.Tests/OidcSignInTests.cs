using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>Auth:Mode Oidc against an OpenID Connect issuer started on loopback: the round trip a browser makes, and a refused token.</summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private readonly LoopbackOidcIssuer _issuer = new();
    private ConfiguredAppFactory _app = default!;

    public async Task InitializeAsync()
    {
        await _issuer.StartAsync();
        _app = new ConfiguredAppFactory(new Dictionary<string, string>
        {
            ["OpsReport:Auth:Mode"] = "Oidc",
            ["OpsReport:Auth:Oidc:Authority"] = _issuer.Issuer,
            ["OpsReport:Auth:Oidc:ClientId"] = LoopbackOidcIssuer.ClientId,
            ["OpsReport:Auth:Oidc:ClientSecret"] = LoopbackOidcIssuer.ClientSecret,
            ["OpsReport:Auth:Operators:0"] = "sre@example.com",
        }, realClock: true);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _issuer.DisposeAsync();
    }

    /// <summary>What the browser does: open a page, follow the issuer's redirect, post the answer back to the callback.</summary>
    private async Task<(HttpClient Client, HttpResponseMessage Callback)> SignInAsync()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var challenge = await client.GetAsync("/latency?lang=en");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(_issuer.Issuer + "/authorize?", authorize.ToString());

        using var browser = new HttpClient();
        var answer = JsonDocument.Parse(await browser.GetStringAsync(authorize)).RootElement;
        Assert.Equal("form_post", answer.GetProperty("response_mode").GetString());
        var callback = new Uri(answer.GetProperty("redirect_uri").GetString()!);
        var post = await client.PostAsync(callback.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = answer.GetProperty("code").GetString()!,
            ["state"] = answer.GetProperty("state").GetString()!,
        }));
        return (client, post);
    }

    [Fact]
    public async Task Oidc_SignInRoundTrip_OpensThePageWithASession()
    {
        var (client, callback) = await SignInAsync();

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/latency?lang=en", callback.Headers.Location!.OriginalString);
        Assert.Equal(1, _issuer.TokenRequests);
        var page = await client.GetAsync("/latency?lang=en");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // A signed-in reader is not an operator: sending is refused by role.
        var send = await client.PostAsync("/reports/weekly/send", new FormUrlEncodedContent(new Dictionary<string, string> { ["env"] = "prod" }));
        Assert.Equal(HttpStatusCode.Forbidden, send.StatusCode);
    }

    [Fact]
    public async Task Oidc_IdTokenForAnotherAudience_IsRefused()
    {
        _issuer.Audience = "some-other-client";

        var (client, callback) = await SignInAsync();

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.Contains("Sign-in did not succeed", await callback.Content.ReadAsStringAsync());
        var page = await client.GetAsync("/latency?lang=en");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }
}
