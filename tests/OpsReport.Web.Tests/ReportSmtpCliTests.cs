using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using OpsReport.Reports.Tests.Support;
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
        await using var smtp = await SmtpSink.StartAsync();
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
        // The server stores a message before it answers 250, and `report send` exits only after that answer: both runs
        // have ended, so whatever they sent is in the Maildir now.
        var message = Assert.Single(smtp.Messages);

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
        Assert.Equal(2, smtp.Messages.Count);
    }
}
