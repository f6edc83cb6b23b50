using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace OpsReport.Web.Tests.Support;

/// <summary>
/// The real executable serving the embedded default on a free loopback port (Kestrel; a browser cannot reach
/// WebApplicationFactory's in-memory server), its store filled by <c>collect</c> and <c>analyze</c> at a fixed clock, and
/// Debian's Chromium driven by Playwright. Never downloads a browser.
/// </summary>
public sealed class BrowserAppFixture : IAsyncLifetime
{
    public const string FixedNow = DemoStoreFixture.FixedNow;
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TempDirectory _dir = new();
    private Process? _server;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public string Log { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var data = Path.Combine(_dir.Path, "data");
        var cli = new CliProcess(_dir.Path).With("OPSREPORT_FIXED_NOW", FixedNow).With("OpsReport__Collection__Enabled", "false");
        foreach (var command in new[] { "collect", "analyze" })
        {
            var result = await cli.RunAsync(command, "--data-dir", data);
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"{command} failed: {result}");
        }

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        // Links people copy are built from BaseUrl (never from the Host header): the served address here.
        _server = cli.With("OpsReport__BaseUrl", BaseUrl).Start("serve", "--data-dir", data, "--urls", BaseUrl);
        var log = new System.Text.StringBuilder();
        _server.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitReadyAsync(log);

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, quiet (no update, sync or background traffic); never a downloaded browser.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>A fresh context (own cookies, clipboard permission for the app's origin) at a laptop-sized viewport.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool clipboard = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            Locale = "en-US",
        });
        if (clipboard)
            await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = BaseUrl });
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            if (Browser is not null)
                await Browser.CloseAsync();
            _playwright.Dispose();
        }
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        _dir.Dispose();
    }

    private async Task WaitReadyAsync(System.Text.StringBuilder log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_server!.HasExited)
                break;
            try
            {
                if ((await http.GetAsync(BaseUrl + "/readyz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            await Task.Delay(250);
        }
        lock (log)
            Log = log.ToString();
        throw new InvalidOperationException($"serve did not become ready at {BaseUrl}: {Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
