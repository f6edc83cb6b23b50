using System.Globalization;
using System.Security.Cryptography;
using OpsReport.Core.Domain;
using OpsReport.Core.Time;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Scheduling;
using OpsReport.Reports.Tests.Support;
using Xunit.Abstractions;

namespace OpsReport.Reports.Tests;

/// <summary>Delivery to a real SMTP server on loopback (aiosmtpd): arrival, MIME, the PDF, retries with backoff, restarts, giving up.</summary>
public sealed class ReportSmtpDeliveryTests(ITestOutputHelper output)
{
    private static readonly ReportRequest Weekly = new("weekly", Period: WeeklyDataset.Period);

    private static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["OpsReport:Email:Delivery"] = "Smtp",
        ["OpsReport:Email:Smtp:Host"] = "127.0.0.1",
        ["OpsReport:Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["OpsReport:Email:Smtp:StartTls"] = "false",
    };

    [Fact]
    public async Task SendAsync_LocalSmtpServer_MessageArrivesWithTheRenderedPdfAndTheHeadlineNumbers()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await ReportTestHost.CreateAsync(Smtp(smtp.Port));

        var result = await host.Get<ReportSender>().SendAsync(Weekly);
        output.WriteLine(result.Message);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal($"smtp://127.0.0.1:{smtp.Port}", result.Location);
        var eml = EmlFile.Parse(await smtp.WaitForMessageAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(eml.Defects);
        Assert.Equal("[OpsReport] Acme Cloud prod — week of 2026-11-16", eml.Subject);
        Assert.Contains("pm@example.com", string.Join(",", eml.To));
        Assert.Contains("cs@example.com", string.Join(",", eml.To));

        // The attachment is byte for byte the PDF that was rendered, and that PDF is the week's report.
        var rendered = host.TempFile("rendered.pdf");
        await File.WriteAllBytesAsync(rendered, result.Pdf!);
        var attachment = Assert.Single(eml.Attachments);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(rendered))), attachment.Sha256);
        Assert.True(Poppler.PageCount(rendered) >= 2);
        Assert.Contains("2026-W47", Poppler.Text(rendered));

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(Weekly);
        foreach (var headline in document.Headlines.Where(h => h.RawValue is not null))
        {
            Assert.Contains(headline.Value, eml.Plain);
            Assert.Contains(headline.Value, eml.Html);
        }
        Assert.DoesNotContain("<script", eml.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", eml.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RetryDueAsync_ServerRefusesThenAccepts_SendsOnceAfterTheBackoff()
    {
        await using var smtp = await SmtpSink.StartAsync(refusals: 1);
        await using var host = await ReportTestHost.CreateAsync(Smtp(smtp.Port));
        var sender = host.Get<ReportSender>();

        var first = await sender.SendAsync(Weekly);
        output.WriteLine(first.Message);

        Assert.Equal(SendStatus.Failed, first.Status);
        Assert.Contains("451", first.Message);
        var record = (await host.Store.GetDeliveryAsync(first.Key))!;
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Equal(WeeklyDataset.Now + DeliveryRetry.FirstDelay, record.NextAttemptAt);
        Assert.Empty(await sender.RetryDueAsync()); // not due yet
        Assert.Empty(smtp.Messages);

        host.Clock.Advance(DeliveryRetry.FirstDelay);
        var retried = Assert.Single(await sender.RetryDueAsync());
        output.WriteLine(retried.Message);

        Assert.Equal(SendStatus.Sent, retried.Status);
        Assert.Equal(2, retried.Attempts);
        await smtp.WaitForMessageAsync(TimeSpan.FromSeconds(10));
        host.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Empty(await sender.RetryDueAsync());
        Assert.Equal(SendStatus.AlreadySent, (await sender.SendAsync(Weekly)).Status);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task Restart_BetweenFailureAndRetry_SendsExactlyOnce()
    {
        using var data = new TempFolder();
        await using var smtp = await SmtpSink.StartAsync(refusals: 1);
        string key;
        await using (var before = await ReportTestHost.CreateAsync(Smtp(smtp.Port), dataDir: data.Path))
        {
            var failed = await before.Get<ReportSender>().SendAsync(Weekly);
            Assert.Equal(SendStatus.Failed, failed.Status);
            key = failed.Key;
        }

        // A new process over the same data folder, six minutes later: the outbox remembers the failure and its retry time.
        await using var after = await ReportTestHost.CreateAsync(Smtp(smtp.Port), seed: false, dataDir: data.Path, now: WeeklyDataset.Now.AddMinutes(6));
        var scheduler = after.Get<ReportScheduler>();
        var pass = await scheduler.RunOnceAsync();
        var retried = Assert.Single(pass.Retried);
        Assert.Equal(SendStatus.Sent, retried.Status);
        Assert.Equal(key, retried.Key);

        after.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty((await scheduler.RunOnceAsync()).Retried);
        // The server stores a message before it answers 250, and delivery returns only after that answer: whatever was
        // sent is in the Maildir now, so counting needs no waiting.
        Assert.Single(smtp.Messages);
        var record = (await after.Store.GetDeliveryAsync(key))!;
        Assert.Equal(DeliveryStatus.Sent, record.Status);
        Assert.Equal(2, record.Attempts);
    }

    [Fact]
    public async Task SendAsync_ServerRejectsForGood_GivesUpAtOnceAndCheckSaysWhatToRun()
    {
        await using var smtp = await SmtpSink.StartAsync(refusals: -1, reply: "554 5.7.1 Message rejected by policy");
        await using var host = await ReportTestHost.CreateAsync(Smtp(smtp.Port));
        var sender = host.Get<ReportSender>();

        var result = await sender.SendAsync(Weekly);
        output.WriteLine(result.Message);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains("Given up", result.Message);
        var record = (await host.Store.GetDeliveryAsync(result.Key))!;
        Assert.Equal(DeliveryStatus.Abandoned, record.Status);
        Assert.Null(record.NextAttemptAt);
        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await sender.RetryDueAsync());

        var line = Assert.Single(await OutboxHealth.CheckAsync(host.Store, host.Get<ZoneCalendar>()));
        Assert.Equal(OutboxHealthLevel.Error, line.Level);
        Assert.Contains("weekly prod 2026-W47 failed for good after 1 attempt(s)", line.Text);
        Assert.Contains("554", line.Text);
        Assert.Contains("`report send --report weekly --env prod --period 2026-W47`", line.Text);

        // A person sends it again (after fixing the cause): an abandoned delivery can be claimed without --force.
        var again = await sender.SendAsync(Weekly);
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task RetryDueAsync_ServerKeepsRefusing_BacksOffDoublingThenGivesUpAfterSixAttempts()
    {
        await using var smtp = await SmtpSink.StartAsync(refusals: -1);
        await using var host = await ReportTestHost.CreateAsync(Smtp(smtp.Port));
        var sender = host.Get<ReportSender>();

        var key = (await sender.SendAsync(Weekly)).Key;
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            var record = (await host.Store.GetDeliveryAsync(key))!;
            if (record.Status != DeliveryStatus.Failed)
                break;
            delays.Add(record.NextAttemptAt!.Value - record.UpdatedAt);
            host.Clock.SetUtcNow(record.NextAttemptAt.Value);
            Assert.Single(await sender.RetryDueAsync());
        }

        var final = (await host.Store.GetDeliveryAsync(key))!;
        Assert.Equal(DeliveryStatus.Abandoned, final.Status);
        Assert.Equal(DeliveryRetry.MaxAttempts, final.Attempts);
        Assert.Equal([5, 10, 20, 40, 80], delays.Select(d => (int)d.TotalMinutes));
        Assert.Empty(smtp.Messages);
    }
}
