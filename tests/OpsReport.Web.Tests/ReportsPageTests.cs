using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>The reports page on the embedded default: definitions, next run, previews, "send now" with the duplicate guard, history.</summary>
[Collection(DemoAppCollection.Name)]
public sealed class ReportsPageTests(DemoAppFactory app)
{
    private readonly HttpClient _client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task ReportsPage_ListsTheWeeklyReportWithItsNextRunInTheReportsZoneAndPreviewLinks()
    {
        var html = WebUtility.HtmlDecode(await _client.GetStringAsync("/reports"));

        Assert.Contains("Weekly performance report", html);
        // The clock is Sunday 2026-11-22 09:30 in Tokyo: the next Monday 09:00 is the next morning.
        Assert.Contains("data-testid=\"next-run-weekly\">2026-11-23 (Mon) 09:00 Asia/Tokyo<", html);
        Assert.Contains("href=\"/reports/weekly.pdf?env=prod&period=2026-W46\"", html);
        Assert.Contains("href=\"/reports/weekly.pdf?env=staging&period=2026-W46\"", html);
        Assert.Contains("action=\"/reports/weekly/send\"", html);
        Assert.Contains("株式会社サクラ物流", html); // the tenant to preview, by name
    }

    [Fact]
    public async Task SendNow_SamePeriodTwice_SendsOnceThenSaysAlreadySent()
    {
        var first = await SendAsync("weekly", "staging", "2026-W45");
        var second = await SendAsync("weekly", "staging", "2026-W45");

        Assert.Contains("Sent weekly · staging · 2026-W45 to 1 recipient(s).", WebUtility.HtmlDecode(first));
        Assert.Contains("weekly · staging · 2026-W45 was already sent", WebUtility.HtmlDecode(second));
        var html = await _client.GetStringAsync("/reports");
        Assert.Matches("<td[^>]*>weekly</td><td[^>]*>staging</td><td[^>]*>2026-W45</td><td[^>]*></td>\\s*<td[^>]*>1</td><td[^>]*>pickup</td>\\s*<td class=\"rp-sent\"[^>]*>Sent</td>", html);
        var outbox = Path.Combine(app.DataDir, "outbox");
        Assert.Single(Directory.GetFiles(outbox, "weekly-staging-2026-W45-*.eml"));
    }

    [Fact]
    public async Task SendNow_Japanese_SaysTheOutcomeInJapanese()
    {
        var first = WebUtility.HtmlDecode(await SendAsync("weekly", "staging", "2026-W42", "ja"));
        var second = WebUtility.HtmlDecode(await SendAsync("weekly", "staging", "2026-W42", "ja"));
        var notEnded = WebUtility.HtmlDecode(await SendAsync("weekly", "prod", "2026-W47", "ja"));

        Assert.Contains("weekly · staging · 2026-W42 を 1 人に送信しました。", first);
        Assert.Contains("weekly · staging · 2026-W42 は送信済みです。", second);
        Assert.Contains("期間が終わっていないか", notEnded);
        foreach (var page in new[] { first, second, notEnded })
        {
            var start = page.IndexOf("data-testid=\"send-message\">", StringComparison.Ordinal);
            Assert.True(start >= 0, "no send message on the page");
            var message = page[start..page.IndexOf("</p>", start, StringComparison.Ordinal)];
            Assert.Empty(ReaderLanguage.EnglishIn(ReaderLanguage.VisibleText("<p " + message + "</p>"), ["weekly", "staging", "prod"]));
        }
    }

    [Fact]
    public async Task SendNow_PeriodNotEnded_ShowsTheReasonAndSendsNothing()
    {
        var message = await SendAsync("weekly", "prod", "2026-W47");

        Assert.Contains("has not ended yet", message);
        Assert.Contains("rp-error", message);
    }

    [Fact]
    public async Task SendNow_FromAnotherSite_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/reports/weekly/send")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["env"] = "prod", ["period"] = "2026-W44" }),
        };
        request.Headers.Add("Origin", "https://evil.example");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var store = app.Services.GetRequiredService<IMetricStore>();
        Assert.DoesNotContain(await store.GetDeliveriesAsync(), d => d.Period == "2026-W44");
    }

    [Fact]
    public async Task ReportsPage_DeliveryFailedForGood_IsShownAtTheTopWithASendAgainButton()
    {
        var store = app.Services.GetRequiredService<IMetricStore>();
        await store.SaveDeliveryAsync(new DeliveryRecord("weekly|prod|2026-W40||team@localhost", "weekly", "prod", "2026-W40", null, "team@localhost",
            DeliveryStatus.Abandoned, 6, null, "SMTP 554: Transaction failed. The server response was: 5.7.1 rejected", null, DemoAppFactory.Now) { Channel = "smtp" });

        var html = await _client.GetStringAsync("/reports");

        var attention = html[html.IndexOf("data-testid=\"attention\"", StringComparison.Ordinal)..html.IndexOf("id=\"report-", StringComparison.Ordinal)];
        Assert.Contains("2026-W40", attention);
        Assert.Contains("5.7.1 rejected", attention);
        Assert.Contains("Send again", attention);
    }

    /// <summary>Posts the "send now" form as the page does and returns the page it redirects to.</summary>
    private async Task<string> SendAsync(string report, string env, string period, string? lang = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/reports/{report}/send" + (lang is null ? "" : "?lang=" + lang))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["env"] = env, ["period"] = period, [AntiforgeryForm.FieldName] = await AntiforgeryForm.TokenAsync(_client) }),
        };
        request.Headers.Add("Origin", "http://localhost");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/reports?result=", location);
        return await _client.GetStringAsync(location);
    }
}
