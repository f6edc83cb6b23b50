using System.Net;
using System.Net.Sockets;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>The real executable on an empty data folder with collection off, and with its port already taken.</summary>
public sealed class EmptyStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task Serve_EmptyStore_SaysThereIsNoDataInsteadOfEmptyNumbersSentencesAndAxes(string lang)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        using var server = Cli().With("OpsReport__Collection__Enabled", "false").Start("serve", "--data-dir", Path.Combine(_dir.Path, "data"), "--urls", url);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var html = await GetWhenReadyAsync(http, server, $"/?env=prod&range=7d&lang={lang}");

            Assert.DoesNotContain("no data no data", html);
            Assert.DoesNotContain("was no data", html);
            Assert.DoesNotContain("Nothing moved beyond its usual range", html);
            Assert.DoesNotContain("通常の範囲を超えた変化はありません", html);
            Assert.DoesNotContain("No open findings", html);
            Assert.DoesNotContain("class=\"tick\"", html); // no invented axes such as "1 B, 1 B, 0 B"
            Assert.DoesNotContain("data-testid=\"startup-notice\"", html); // collection is off: nothing is under way
            Assert.DoesNotContain("<svg class=\"chart\"", html); // each empty chart is a "no data" box or its panel's note
            Assert.Contains("data-testid=\"kpis-empty\"", html);
            Assert.Contains(lang == "ja" ? "まだ収集されていない" : "No data has been collected for prod yet", html);
            foreach (var page in new[] { "/latency", "/memory", "/logs", "/cost", "/incident", "/tenants", "/coverage", "/reports" })
            {
                var response = await http.GetAsync($"{page}?env=prod&lang={lang}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}");
                Assert.DoesNotContain("class=\"tick\"", body);
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Serve_PortInUse_SaysSoInOneLineNamingUrls()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var result = await Cli().With("OpsReport__Collection__Enabled", "false").RunAsync("serve", "--data-dir", Path.Combine(_dir.Path, "data"), "--urls", url);

        Assert.Equal(2, result.ExitCode);
        var errors = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(errors);
        Assert.Equal($"error: {url} is already in use by another program; stop it, or serve on another address with --urls (e.g. --urls http://localhost:5081).", line);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("Exception", result.Output);
    }

    private CliProcess Cli() => new(_dir.Path);

    private static async Task<string> GetWhenReadyAsync(HttpClient http, System.Diagnostics.Process server, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                    return await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.False(server.HasExited, "serve exited before answering");
            Assert.True(DateTime.UtcNow < deadline, "serve did not answer within 90 s");
            await Task.Delay(250);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
