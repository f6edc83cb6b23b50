using Microsoft.Extensions.DependencyInjection;
using OpsReport.Core.Domain;
using OpsReport.Core.Email;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Tests.Support;

namespace OpsReport.Reports.Tests;

/// <summary>
/// Delivery through Amazon SES v2 with the raw MIME message. The AWS client is not in this build, so a recording
/// <see cref="IRawEmailSender"/> stands in for it and the raw message it gets is parsed by Python's email package.
/// </summary>
public sealed class ReportSesDeliveryTests
{
    private static readonly ReportRequest Weekly = new("weekly", Period: WeeklyDataset.Period);

    [Fact]
    public async Task SendAsync_SesWithARawSender_HandsOverTheCompleteMessageAndEveryRecipient()
    {
        var ses = new RecordingRawSender();
        await using var host = await ReportTestHost.CreateAsync(new Dictionary<string, string?>
        {
            ["OpsReport:Email:Delivery"] = "Ses",
            ["OpsReport:Email:To:2"] = "cto@example.com",
            // SES sends with an environment's AWS credentials and region; the sender itself is recorded here.
            ["OpsReport:Environments:0:Name"] = "prod",
            ["OpsReport:Environments:0:Aws:Region"] = "ap-northeast-1",
        }, configure: services => services.AddSingleton<IRawEmailSender>(ses));

        var result = await host.Get<ReportSender>().SendAsync(Weekly);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal("ses:0100-test-message-id", result.Location);
        Assert.Equal("opsreport@example.com", ses.From);
        Assert.Equal(["cs@example.com", "cto@example.com", "pm@example.com"], ses.Recipients.Order(StringComparer.Ordinal));
        var raw = System.Text.Encoding.ASCII.GetString(ses.Mime);
        Assert.DoesNotContain("X-Sender:", raw);
        Assert.DoesNotContain("X-Receiver:", raw);
        var file = host.TempFile("ses.eml");
        await File.WriteAllBytesAsync(file, ses.Mime);
        var eml = EmlFile.Parse(file);
        Assert.Empty(eml.Defects);
        Assert.Equal("[OpsReport] Acme Cloud prod — week of 2026-11-16", eml.Subject);
        Assert.Equal(result.PdfSha256, Assert.Single(eml.Attachments).Sha256);
    }

    [Fact]
    public async Task SendAsync_SesWithoutARawSender_FailsForGoodSayingWhy()
    {
        // A host built without the AWS client (Reports alone) cannot send through SES: the outbox says so instead of retrying.
        await using var host = await ReportTestHost.CreateAsync(new Dictionary<string, string?>
        {
            ["OpsReport:Email:Delivery"] = "Ses",
            ["OpsReport:Environments:0:Name"] = "prod",
            ["OpsReport:Environments:0:Aws:Region"] = "ap-northeast-1",
        });

        var result = await host.Get<ReportSender>().SendAsync(Weekly);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains("not available in this build", result.Message);
        Assert.Equal(DeliveryStatus.Abandoned, (await host.Store.GetDeliveryAsync(result.Key))!.Status);
    }

    private sealed class RecordingRawSender : IRawEmailSender
    {
        public string Name => "ses";

        public byte[] Mime { get; private set; } = [];

        public string? From { get; private set; }

        public IReadOnlyList<string> Recipients { get; private set; } = [];

        public Task<string> SendRawAsync(ReadOnlyMemory<byte> mime, string from, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default)
        {
            Mime = mime.ToArray();
            From = from;
            Recipients = recipients;
            return Task.FromResult("0100-test-message-id");
        }
    }
}
