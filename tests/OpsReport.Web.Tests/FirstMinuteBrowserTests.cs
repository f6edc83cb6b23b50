using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using OpsReport.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpsReport.Web.Tests;

/// <summary>
/// The first start on an empty data folder, in Debian's Chromium: the real executable collects in the background, held
/// after its first committed chunk (a test hook of the executable) so the first minute can be looked at without racing it.
/// </summary>
public sealed class FirstMinuteBrowserTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly StringBuilder _log = new();
    private System.Diagnostics.Process? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _baseUrl = "";
    private string _hold = "";

    public async Task InitializeAsync()
    {
        _hold = Path.Combine(_dir.Path, "hold");
        await File.WriteAllTextAsync(_hold, "collection waits while this file exists");
        var port = FreePort();
        _baseUrl = $"http://127.0.0.1:{port}";
        _server = new CliProcess(_dir.Path)
            .With("OPSREPORT_FIXED_NOW", DemoStoreFixture.FixedNow)
            .With("OPSREPORT_TEST_HOLD_COLLECTION_WHILE", _hold)
            .Start("serve", "--data-dir", Path.Combine(_dir.Path, "data"), "--urls", _baseUrl);
        _server.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserAppFixture.LaunchChromiumAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task FirstStart_WhileCollecting_EveryPageSaysWhatIsCollectedThenTheFindingsAppear()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await WaitForNoticeAsync(page, "/?env=prod");

        var notice = page.GetByTestId("startup-notice");
        await Expect(notice).ToContainTextAsync("Collecting prod");
        await Expect(notice).ToContainTextAsync("latency (demo), collected up to");
        await Expect(notice).ToContainTextAsync("Findings appear");
        await Expect(page.GetByTestId("findings-empty")).ToContainTextAsync("appear once its data is collected and analysed");
        var main = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("No open findings", main);
        Assert.DoesNotContain("Nothing moved beyond its usual range", main);
        Assert.DoesNotContain("was no data", main);
        await Screenshots.SaveAsync(page, "first-minute");

        foreach (var path in new[] { "/latency?env=prod", "/memory?env=prod", "/logs?env=prod", "/cost?env=prod", "/coverage?env=prod", "/incident?env=prod", "/tenants?env=prod",
                     "/tenants/sakura-logistics?env=prod", "/slos?env=prod", "/reports?env=prod" })
        {
            await page.GotoAsync(_baseUrl + path);
            await Expect(page.GetByTestId("startup-notice")).ToContainTextAsync("Collecting prod");
        }
        await page.GotoAsync(_baseUrl + "/?env=staging&lang=ja");
        await Expect(page.GetByTestId("startup-notice")).ToContainTextAsync("次に収集します");

        File.Delete(_hold);
        // Not a timing assertion: a generous limit so a stuck collection fails the test instead of hanging it.
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (await page.GotoAsync(_baseUrl + "/?env=prod") is not null && await page.GetByTestId("startup-notice").CountAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "prod was not collected and analysed within 4 minutes: " + Log());
            await Task.Delay(500);
        }
        await Expect(page.Locator(".finding-list")).ToContainTextAsync("株式会社サクラ物流");
        await Expect(page.Locator(".finding-list")).ToContainTextAsync("Memory of api");
    }

    private async Task WaitForNoticeAsync(IPage page, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                var response = await page.GotoAsync(_baseUrl + path);
                if (response?.Status == 200 && await page.GetByTestId("startup-notice").CountAsync() > 0
                    && (await page.GetByTestId("startup-notice").InnerTextAsync()).Contains("collected up to", StringComparison.Ordinal)
                    && !(await page.GetByTestId("startup-notice").InnerTextAsync()).Contains("collected up to …", StringComparison.Ordinal))
                    return;
            }
            catch (PlaywrightException)
            {
                // Not listening yet.
            }
            Assert.False(_server!.HasExited, "serve exited: " + Log());
            Assert.True(DateTime.UtcNow < deadline, "no startup notice with a first committed chunk within 90 s: " + Log());
            await Task.Delay(250);
        }
    }

    private string Log()
    {
        lock (_log)
            return _log.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
