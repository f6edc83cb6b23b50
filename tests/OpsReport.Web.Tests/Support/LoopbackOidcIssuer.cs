using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpsReport.Web.Tests.Support;

/// <summary>
/// A minimal OpenID Connect provider on a loopback port, written from OpenID Connect Core 1.0 and Discovery 1.0:
/// discovery document, JWKS, the authorization endpoint (code flow, S256 PKCE) and the token endpoint, which checks the
/// client secret, the code, the redirect URI and the code verifier and answers an RS256-signed id_token with iss, sub,
/// aud, exp, iat, nonce and email. <see cref="Audience"/> lets a test make it sign for another client.
/// </summary>
public sealed class LoopbackOidcIssuer : IAsyncDisposable
{
    public const string ClientId = "opsreport-test";
    public const string ClientSecret = "test-secret-never-logged";

    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private WebApplication? _app;

    public string Issuer { get; private set; } = "";

    /// <summary>The audience written into id_tokens; a different value than the client id must be refused by the client.</summary>
    public string Audience { get; set; } = ClientId;

    /// <summary>The account that "signs in" at the authorization endpoint.</summary>
    public string Email { get; set; } = "pm@example.com";

    public int TokenRequests { get; private set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
            ["scopes_supported"] = new[] { "openid", "email", "profile" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var p = _key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "k1", n = B64(p.Modulus!), e = B64(p.Exponent!) } } });
        });
        _app.MapGet("/authorize", (HttpRequest r) =>
        {
            string Q(string k) => r.Query[k].ToString();
            if (Q("client_id") != ClientId || Q("response_type") != "code" || !Q("scope").Split(' ').Contains("openid") || Q("code_challenge_method") != "S256")
                return Results.BadRequest("invalid_request");
            var code = B64(RandomNumberGenerator.GetBytes(24));
            _codes[code] = new Grant(Q("redirect_uri"), Q("nonce"), Q("code_challenge"));
            // The user "signs in" here; the answer goes back as the client asked (form_post: the browser posts it).
            return Results.Json(new { redirect_uri = Q("redirect_uri"), response_mode = Q("response_mode"), code, state = Q("state") });
        });
        _app.MapPost("/token", async (HttpRequest r) =>
        {
            TokenRequests++;
            var form = await r.ReadFormAsync();
            var (id, secret) = ClientCredentials(r, form);
            if (id != ClientId || secret != ClientSecret)
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"])
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            if (B64(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.CodeChallenge)
                return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: 400);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var idToken = Sign(new Dictionary<string, object>
            {
                ["iss"] = Issuer, ["sub"] = "user-1", ["aud"] = Audience, ["exp"] = now + 300, ["iat"] = now,
                ["nonce"] = grant.Nonce, ["email"] = Email, ["email_verified"] = true,
            });
            return Results.Json(new { access_token = B64(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
        await _app.StartAsync();
        Issuer = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    private string Sign(Dictionary<string, object> claims)
    {
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = "k1" }));
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + B64(signature);
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest r, IFormCollection form)
    {
        var basic = r.Headers.Authorization.ToString();
        if (basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
            return (WebUtility.UrlDecode(pair[0]), WebUtility.UrlDecode(pair[1]));
        }
        return (form["client_id"], form["client_secret"]);
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        _key.Dispose();
    }

    private sealed record Grant(string RedirectUri, string Nonce, string CodeChallenge);
}
