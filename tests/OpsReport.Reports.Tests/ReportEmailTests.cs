using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Reports.Email;
using OpsReport.Reports.Pdf;
using OpsReport.Reports.Tests.Support;

namespace OpsReport.Reports.Tests;

public sealed class ReportEmailTests
{
    [Fact]
    public async Task ComposeAndPickup_WeeklyReport_WritesOneEmlWithPdfAttachmentAndHeadlines()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly"));
        var pdf = host.Get<PdfReportRenderer>().Render(document);

        using (var message = host.Get<ReportEmailComposer>().Compose(document, pdf))
            await host.Get<PickupFolderDelivery>().DeliverAsync(message, "weekly|prod|2026-W47||cs@example.com,pm@example.com");

        var file = Assert.Single(Directory.GetFiles(host.Outbox, "*.eml"));
        TestArtifacts.Keep(file, "weekly.eml");
        var eml = EmlFile.Parse(file);
        Assert.Empty(Directory.GetDirectories(host.Outbox));
        Assert.Empty(eml.Defects);
        Assert.Equal("[OpsReport] Acme Cloud prod — week of 2026-11-16", eml.Subject);
        Assert.Equal("multipart/mixed", eml.ContentType);
        Assert.Contains("pm@example.com", string.Join(",", eml.To));
        Assert.Contains("cs@example.com", string.Join(",", eml.To));

        var latency = document.Headlines.Single(h => h.Key == "latency").Value;
        Assert.Contains(latency, eml.Plain);
        Assert.Contains(latency, eml.Html);
        Assert.Contains(WeeklyDataset.SakuraName, eml.Plain);
        Assert.Contains(WeeklyDataset.SakuraName, eml.Html);
        Assert.Contains("https://opsreport.example.com/?env=prod&range=7d", eml.Plain);
        Assert.Contains("href=\"https://opsreport.example.com/?env=prod&amp;range=7d\"", eml.Html);
        Assert.DoesNotContain("<script", eml.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", eml.Html, StringComparison.OrdinalIgnoreCase);

        var attachment = Assert.Single(eml.Attachments);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal("opsreport-prod-2026-W47.pdf", attachment.Filename);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), attachment.Sha256);
    }

    [Fact]
    public async Task Compose_TenantReport_LinksTheTenantsPageNotTheEnvironmentOverview()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly", Tenant: WeeklyDataset.SakuraId));

        using var message = host.Get<ReportEmailComposer>().Compose(document, host.Get<PdfReportRenderer>().Render(document), ["cs@example.com"]);

        Assert.Contains($"https://opsreport.example.com/tenants/{WeeklyDataset.SakuraId}?env=prod&range=7d", message.TextBody);
        Assert.DoesNotContain("https://opsreport.example.com/?env=", message.TextBody);
        Assert.DoesNotContain("https://opsreport.example.com/?env=", message.HtmlBody);
    }

    [Theory]
    [InlineData("en", "Weekly performance report for 株式会社サクラ物流", "Acme Cloud, environment prod, 2026-W47 (2026-11-16 to 2026-11-22, Asia/Tokyo).")]
    [InlineData("ja", "株式会社サクラ物流 様 週次レポート", "Acme Cloud（環境: prod）、2026-W47（2026-11-16〜2026-11-22、Asia/Tokyo）")]
    public async Task Compose_TenantReportOverSmtp_NamesTheTenantOnceInTheSubjectAndOnceInTheBody(string language, string heading, string intro)
    {
        await using var host = await ReportTestHost.CreateAsync();
        await using var smtp = await SmtpSink.StartAsync();
        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly", Tenant: WeeklyDataset.SakuraId, Language: language));
        var delivery = new SmtpDelivery(Options.Create(new OpsReportOptions
        {
            Email = new EmailOptions { Delivery = "Smtp", Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, StartTls = false } },
        }), Microsoft.Extensions.Logging.Abstractions.NullLogger<SmtpDelivery>.Instance);

        using (var message = host.Get<ReportEmailComposer>().Compose(document, host.Get<PdfReportRenderer>().Render(document), ["cs@example.com"]))
            await delivery.DeliverAsync(message, "weekly|prod|2026-W47|" + WeeklyDataset.SakuraId + "|cs@example.com");

        var received = await smtp.WaitForMessageAsync(TimeSpan.FromSeconds(10));
        var eml = EmlFile.Parse(received);
        TestArtifacts.Keep(received, $"tenant-{language}.eml");
        static int Count(string? text) => (text ?? "").Split(WeeklyDataset.SakuraName).Length - 1;
        // The HTML's <title> repeats the subject for the browser tab; the reader sees the body.
        var body = eml.Html![eml.Html!.IndexOf("<body", StringComparison.Ordinal)..];
        Assert.Equal(1, Count(eml.Subject));
        Assert.Equal(1, Count(eml.Plain));
        Assert.Equal(1, Count(body));
        Assert.Contains($">{heading}</h1>", body, StringComparison.Ordinal);
        Assert.Contains($">{intro}</p>", body, StringComparison.Ordinal);
        var lines = eml.Plain!.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal(heading, lines[0]);
        Assert.Equal(intro, lines[2]);
    }

    [Fact]
    public async Task Compose_PdfLargerThanTheLimit_LinksThePdfInsteadOfAttachingIt()
    {
        await using var host = await ReportTestHost.CreateAsync(new Dictionary<string, string?> { ["OpsReport:Email:MaxAttachmentBytes"] = "1000" });
        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly"));
        var pdf = host.Get<PdfReportRenderer>().Render(document);

        using (var message = host.Get<ReportEmailComposer>().Compose(document, pdf))
            await host.Get<PickupFolderDelivery>().DeliverAsync(message, "weekly|prod|2026-W47||x@example.com");

        var eml = EmlFile.Parse(Assert.Single(Directory.GetFiles(host.Outbox, "*.eml")));
        Assert.Empty(eml.Attachments);
        Assert.Contains("https://opsreport.example.com/reports/weekly.pdf?env=prod&period=2026-W47", eml.Plain);
        Assert.Contains("https://opsreport.example.com/reports/weekly.pdf?env=prod&amp;period=2026-W47", eml.Html);
    }

    [Fact]
    public async Task DeliverAsync_SameKeyTwice_OverwritesTheSameFile()
    {
        await using var host = await ReportTestHost.CreateAsync(seed: false);
        var delivery = host.Get<PickupFolderDelivery>();

        var first = await delivery.DeliverAsync(SimpleMessage("first"), "weekly|prod|2026-W47||a@example.com");
        var second = await delivery.DeliverAsync(SimpleMessage("second"), "weekly|prod|2026-W47||a@example.com");
        var other = await delivery.DeliverAsync(SimpleMessage("other"), "weekly|prod|2026-W47||b@example.com");

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(2, Directory.GetFiles(host.Outbox, "*.eml").Length);
        Assert.Equal("second", EmlFile.Parse(first).Subject);
        Assert.StartsWith("weekly-prod-2026-W47-", Path.GetFileName(first));
    }

    [Fact]
    public void PickupDirectory_Relative_IsUnderTheDataDir()
    {
        var delivery = new PickupFolderDelivery(Options.Create(new OpsReportOptions { DataDir = "/var/lib/opsreport" }));

        Assert.Equal("/var/lib/opsreport/outbox", delivery.Directory);
    }

    [Fact]
    public async Task DeliverAsync_LocalSmtpServer_DeliversTheMessage()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var options = Options.Create(new OpsReportOptions
        {
            Email = new EmailOptions { Delivery = "Smtp", Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, StartTls = false } },
        });
        var delivery = new SmtpDelivery(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<SmtpDelivery>.Instance);

        var location = await delivery.DeliverAsync(SimpleMessage("[OpsReport] 株式会社サクラ物流 — smtp"), "k");

        Assert.Equal($"smtp://127.0.0.1:{smtp.Port}", location);
        var eml = EmlFile.Parse(await smtp.WaitForMessageAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("[OpsReport] 株式会社サクラ物流 — smtp", eml.Subject);
    }

    private static MimeKit.MimeMessage SimpleMessage(string subject) =>
        new([MimeKit.MailboxAddress.Parse("opsreport@example.com")], [MimeKit.MailboxAddress.Parse("team@example.com")], subject, new MimeKit.TextPart("plain") { Text = "body" });
}
