using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// The acceptance of the weekly email on the embedded default: <c>report send --report weekly</c> delivers to a real SMTP
/// server on loopback (Debian's python3-aiosmtpd) a message with the correct PDF; a second run sends nothing; --force sends again.
/// </summary>
public sealed class ReportSmtpCliTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>
{
    [Fact]
    public async Task ReportSend_EmbeddedDefaultToSmtp_DeliversOnceWithTheRenderedPdfAndAgainOnlyWhenForced()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var data = Path.Combine(demo.Root, "smtp-data");
        ReportCliTests.CopyDirectory(demo.DataDir, data);
        var saved = Path.Combine(demo.Root, "smtp-sent.pdf");
        var cli = demo.Cli()
            .With("OpsReport__Email__Delivery", "Smtp")
            .With("OpsReport__Email__Smtp__Host", "127.0.0.1")
            .With("OpsReport__Email__Smtp__Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .With("OpsReport__Email__Smtp__StartTls", "false");

        var first = await cli.RunAsync("report", "send", "--report", "weekly", "--out", saved, "--data-dir", data);
        var second = await cli.RunAsync("report", "send", "--report", "weekly", "--data-dir", data);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"sent weekly prod 2026-W46 to 1 recipient(s) via smtp: smtp://127.0.0.1:{smtp.Port}", first.Stdout);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("already sent", second.Stdout);
        var message = Assert.Single(await smtp.WaitForMessagesAsync(1));

        using var parsed = JsonDocument.Parse(await Tool.RunAsync("python3", Path.Combine(RepositoryPaths.Root, "tests", "OpsReport.Reports.Tests", "Tools", "parse_eml.py"), message));
        var root = parsed.RootElement;
        Assert.Equal("[OpsReport] OpsReport Demo prod — week of 2026-11-09", root.GetProperty("subject").GetString());
        Assert.Empty(root.GetProperty("defects").EnumerateArray());
        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(saved))), attachment.GetProperty("sha256").GetString());
        Assert.Contains("2026-W46", await Tool.RunAsync("pdftotext", saved, "-"));
        Assert.Contains("p95 latency, busiest path", root.GetProperty("plain").GetString());
        Assert.Contains("p95 latency, busiest path", root.GetProperty("html").GetString());

        var forced = await cli.RunAsync("report", "send", "--report", "weekly", "--force", "--data-dir", data);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(2, (await smtp.WaitForMessagesAsync(2)).Count);
    }

    /// <summary>Debian's aiosmtpd storing every message in a Maildir, on a free loopback port.</summary>
    private sealed class LoopbackSmtpServer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _maildir;

        private LoopbackSmtpServer(Process process, string maildir, int port)
        {
            _process = process;
            _maildir = maildir;
            Port = port;
        }

        public int Port { get; }

        public static async Task<LoopbackSmtpServer> StartAsync()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var maildir = Path.Combine(Path.GetTempPath(), "opsreport-web-smtp-" + Guid.NewGuid().ToString("N"));
            var info = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir })
                info.ArgumentList.Add(a);
            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start aiosmtpd");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new LoopbackSmtpServer(process, maildir, port);
            for (var deadline = DateTime.UtcNow.AddSeconds(15); ; await Task.Delay(100))
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return server;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                }
            }
        }

        public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count)
        {
            var folder = Path.Combine(_maildir, "new");
            for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(100))
            {
                if (Directory.Exists(folder) && Directory.GetFiles(folder).Length >= count)
                    break;
            }
            await Task.Delay(200); // a message more than expected would show up now
            return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            if (Directory.Exists(_maildir))
                Directory.Delete(_maildir, recursive: true);
        }
    }
}
