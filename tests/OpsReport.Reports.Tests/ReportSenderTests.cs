using System.Net;
using System.Net.Sockets;
using OpsReport.Core.Domain;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Tests.Support;
using Xunit.Abstractions;

namespace OpsReport.Reports.Tests;

public sealed class ReportSenderTests(ITestOutputHelper output)
{
    private static readonly ReportRequest Weekly = new("weekly", Period: WeeklyDataset.Period);

    [Fact]
    public async Task SendAsync_FirstTime_DeliversOneEmlAndRecordsSent()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var result = await host.Get<ReportSender>().SendAsync(Weekly);
        output.WriteLine(result.Message);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal("2026-W47", result.Period);
        Assert.Equal("prod", result.Environment);
        Assert.Contains("pm@example.com", result.Recipients);
        Assert.True(result.Attached);
        var file = Assert.Single(Directory.GetFiles(host.Outbox, "*.eml"));
        Assert.Equal(file, result.Location);
        var eml = EmlFile.Parse(file);
        Assert.Equal(result.PdfSha256, Assert.Single(eml.Attachments).Sha256);
        Assert.Equal(result.SizeBytes, eml.Attachments[0].Size);

        var record = await host.Store.GetDeliveryAsync(result.Key);
        Assert.NotNull(record);
        Assert.Equal(DeliveryStatus.Sent, record.Status);
        Assert.Equal(1, record.Attempts);
        Assert.Equal(file, record.Location);
        Assert.Null(record.LastError);
    }

    [Fact]
    public async Task SendAsync_SamePeriodAgain_ReturnsAlreadySentAndLeavesOneFile()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var sender = host.Get<ReportSender>();
        var first = await sender.SendAsync(Weekly);
        var written = File.GetLastWriteTimeUtc(first.Location!);

        var second = await sender.SendAsync(Weekly);
        output.WriteLine(second.Message);

        Assert.Equal(SendStatus.AlreadySent, second.Status);
        Assert.Equal(first.Key, second.Key);
        Assert.Equal(first.Location, second.Location);
        Assert.Contains("--force", second.Message);
        Assert.Single(Directory.GetFiles(host.Outbox, "*.eml"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(first.Location!));
        Assert.Equal(1, (await host.Store.GetDeliveryAsync(first.Key))!.Attempts);
    }

    [Fact]
    public async Task SendAsync_Force_SendsAgainOverTheSameFile()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var sender = host.Get<ReportSender>();
        var first = await sender.SendAsync(Weekly);

        var again = await sender.SendAsync(Weekly, force: true);

        Assert.Equal(SendStatus.Sent, again.Status);
        Assert.Equal(2, again.Attempts);
        Assert.Equal(first.Location, again.Location);
        Assert.Single(Directory.GetFiles(host.Outbox, "*.eml"));
        Assert.Equal(2, (await host.Store.GetDeliveryAsync(first.Key))!.Attempts);
    }

    [Fact]
    public async Task SendAsync_DryRun_RendersButDeliversAndRecordsNothing()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var result = await host.Get<ReportSender>().SendAsync(Weekly, dryRun: true);
        output.WriteLine(result.Message);

        Assert.Equal(SendStatus.DryRun, result.Status);
        Assert.True(result.SizeBytes > 1000);
        Assert.True(result.Attached);
        Assert.Contains("nothing sent", result.Message);
        Assert.False(Directory.Exists(host.Outbox) && Directory.EnumerateFileSystemEntries(host.Outbox).Any());
        Assert.Null(await host.Store.GetDeliveryAsync(result.Key));
        Assert.Empty(await host.Store.GetDeliveriesAsync());
    }

    [Fact]
    public async Task SendAsync_PdfOverTheAttachmentLimit_LinksItInTheBody()
    {
        await using var host = await ReportTestHost.CreateAsync(new Dictionary<string, string?> { ["OpsReport:Email:MaxAttachmentBytes"] = "2048" });

        var result = await host.Get<ReportSender>().SendAsync(Weekly);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.False(result.Attached);
        var eml = EmlFile.Parse(result.Location!);
        Assert.Empty(eml.Attachments);
        Assert.Contains("https://opsreport.example.com/reports/weekly.pdf?env=prod&period=2026-W47", eml.Plain);
        Assert.Contains("too large", eml.Plain);
    }

    [Fact]
    public async Task SendAsync_BadPeriod_ThrowsAClearErrorAndRecordsNothing()
    {
        await using var host = await ReportTestHost.CreateAsync(seed: false);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => host.Get<ReportSender>().SendAsync(Weekly with { Period = "2026-W60" }));

        Assert.StartsWith("--period '2026-W60' is not an ISO week (e.g. 2026-W47)", e.Message);
        Assert.Empty(await host.Store.GetDeliveriesAsync());
    }

    [Fact]
    public async Task SendAsync_WeekNotEndedYet_RefusesToSendAPartialWeek()
    {
        await using var host = await ReportTestHost.CreateAsync(seed: false);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => host.Get<ReportSender>().SendAsync(Weekly with { Period = "2026-W48" }));

        Assert.Contains("has not ended yet", e.Message);
        Assert.Contains("2026-11-30 00:00 Asia/Tokyo", e.Message);
    }

    [Fact]
    public async Task SendAsync_NoPeriod_SendsThePreviousCompleteWeek()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var result = await host.Get<ReportSender>().SendAsync(new ReportRequest("weekly"));

        Assert.Equal("2026-W47", result.Period);
        // The configured To, normalized to bare addresses in order: written out, not rebuilt from the result under test.
        Assert.Equal("weekly|prod|2026-W47||cs@example.com,pm@example.com", result.Key);
    }

    [Fact]
    public async Task SendAsync_SmtpUnreachable_RecordsFailedOnOneLineWithoutThePassword()
    {
        const string password = "s3cr3t-Pa55word";
        await using var host = await ReportTestHost.CreateAsync(new Dictionary<string, string?>
        {
            ["OpsReport:Email:Delivery"] = "Smtp",
            ["OpsReport:Email:Smtp:Host"] = "127.0.0.1",
            ["OpsReport:Email:Smtp:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OpsReport:Email:Smtp:UserName"] = "mailer",
            ["OpsReport:Email:Smtp:Password"] = password,
        });

        var result = await host.Get<ReportSender>().SendAsync(Weekly);
        output.WriteLine(result.Message);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.DoesNotContain(password, result.Message);
        var record = await host.Store.GetDeliveryAsync(result.Key);
        Assert.NotNull(record);
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Equal(1, record.Attempts);
        Assert.NotNull(record.NextAttemptAt);
        Assert.False(string.IsNullOrWhiteSpace(record.LastError));
        Assert.DoesNotContain('\n', record.LastError);
        Assert.DoesNotContain(password, record.LastError);

        // A failed delivery is not "already sent": the next run tries again.
        var retry = await host.Get<ReportSender>().SendAsync(Weekly);
        Assert.Equal(SendStatus.Failed, retry.Status);
        Assert.Equal(2, retry.Attempts);
    }

    [Fact]
    public void DeliveryKey_RecipientsInAnyOrderOrCase_IsTheSame()
    {
        var a = ReportSender.DeliveryKey("weekly", "prod", "2026-W47", null, ["PM <PM@example.com>", "cs@example.com"]);
        var b = ReportSender.DeliveryKey("weekly", "prod", "2026-W47", null, ["cs@example.com", "pm@example.com"]);

        Assert.Equal("weekly|prod|2026-W47||cs@example.com,pm@example.com", a);
        Assert.Equal(a, b);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
