using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using OpsReport.Tests.Support;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// The data-protection key ring is kept in the store, so an antiforgery token (and a sign-in cookie, which uses the same
/// keys) issued by one instance is accepted by another on the same PostgreSQL database and by the same instance restarted.
/// </summary>
public sealed class KeyRingTests
{
    // The form names a tenant that does not exist: past the antiforgery check it is refused by the field validation,
    // with its own sentence; a token the instance cannot read is refused before, asking to reload the page.
    private const string TokenRefused = "reload the reports page";
    private const string TokenAccepted = "is not a tenant id";

    [Fact]
    public async Task SendForm_TokenIssuedByInstanceA_IsAcceptedByInstanceBOnTheSamePostgres()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        var settings = new Dictionary<string, string> { ["OpsReport:Store:Provider"] = "Postgres", ["OpsReport:Store:ConnectionString"] = database };
        using var a = new ConfiguredAppFactory(settings);
        using var b = new ConfiguredAppFactory(settings);

        var form = await IssueAsync(a);
        var body = await PostAsync(b, form);

        Assert.Contains(TokenAccepted, body, StringComparison.Ordinal);
        Assert.Equal(1, await PostgresServer.ScalarAsync(database, "SELECT COUNT(*) FROM data_protection_keys;"));
    }

    [Fact]
    public async Task SendForm_TokenIssuedBeforeARestart_IsAcceptedAfterItWithTheKeysBesideTheSqliteFile()
    {
        using var data = new TempDirectory();
        FormToken form;
        using (var before = new ConfiguredAppFactory(new Dictionary<string, string>(), data.Path))
            form = await IssueAsync(before);
        using var after = new ConfiguredAppFactory(new Dictionary<string, string>(), data.Path);

        var body = await PostAsync(after, form);

        Assert.Contains(TokenAccepted, body, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(data.Path, "keys"), "key-*.xml"));
    }

    [Fact]
    public async Task SendForm_TokenIssuedByAnInstanceOnAnotherStore_IsRefused()
    {
        using var a = new ConfiguredAppFactory(new Dictionary<string, string>());
        using var b = new ConfiguredAppFactory(new Dictionary<string, string>());

        var form = await IssueAsync(a);
        var body = await PostAsync(b, form);

        Assert.Contains(TokenRefused, body, StringComparison.Ordinal);
    }

    private static async Task<FormToken> IssueAsync(WebApplicationFactory<Program> app)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        using var page = await client.GetAsync("/reports");
        var cookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("opsreport.antiforgery=", StringComparison.Ordinal));
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"" + AntiforgeryForm.FieldName + "\" value=\"([^\"]+)\"");
        Assert.True(token.Success, "the reports page has an antiforgery field");
        return new FormToken(cookie, WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    private static async Task<string> PostAsync(WebApplicationFactory<Program> app, FormToken form)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/reports/weekly/send")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["env"] = "staging",
                ["period"] = "2026-W42",
                ["tenant"] = "no-such-tenant",
                [AntiforgeryForm.FieldName] = form.Token,
            }),
        };
        request.Headers.Add("Origin", "http://localhost");
        request.Headers.Add("Cookie", form.Cookie);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private sealed record FormToken(string Cookie, string Token);
}
