using System.Globalization;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Reports.Email;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Tests.Support;
using Xunit.Abstractions;

namespace OpsReport.Reports.Tests;

/// <summary>
/// SMTP relays as they are run: STARTTLS on 587, implicit TLS on 465, AUTH; against a real server (aiosmtpd) on loopback
/// with a throwaway certificate. The password must never appear in a log line, a result or the outbox.
/// </summary>
public sealed class ReportSmtpSecurityTests(ITestOutputHelper output)
{
    private const string User = "opsreport";
    private const string Password = "relay-s3cret-5f2a";
    private static readonly ReportRequest Weekly = new("weekly", Period: WeeklyDataset.Period);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static Dictionary<string, string?> Relay(int port, string mode, string? password = Password)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OpsReport:Email:Delivery"] = "Smtp",
            ["OpsReport:Email:Smtp:Host"] = "127.0.0.1",
            ["OpsReport:Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["OpsReport:Email:Smtp:StartTls"] = mode == "starttls" ? "true" : "false",
            ["OpsReport:Email:Smtp:ImplicitTls"] = mode == "implicit" ? "true" : "false",
        };
        if (password is not null)
        {
            settings["OpsReport:Email:Smtp:UserName"] = User;
            settings["OpsReport:Email:Smtp:Password"] = password;
        }
        return settings;
    }

    private static async Task<ReportTestHost> HostAsync(Dictionary<string, string?> settings, CapturedLogs logs, TestCertificate? trusted)
    {
        var host = await ReportTestHost.CreateAsync(settings, configure: services => services.AddLogging(b => b.AddProvider(logs)));
        if (trusted is not null)
            host.Get<SmtpDelivery>().CertificateValidation = (_, presented, _, _) => trusted.Trusts(presented);
        return host;
    }

    [Theory]
    [InlineData("starttls")]
    [InlineData("implicit")]
    public async Task SendAsync_TlsRelayWithAuth_ArrivesEncryptedAndAuthenticated(string mode)
    {
        using var certificate = new TestCertificate();
        await using var smtp = await SmtpSink.StartAsync(tls: mode, certificate: certificate.Files, login: (User, Password));
        var logs = new CapturedLogs();
        await using var host = await HostAsync(Relay(smtp.Port, mode), logs, certificate);

        var result = await host.Get<ReportSender>().SendAsync(Weekly);
        output.WriteLine(result.Message);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal($"{(mode == "implicit" ? "smtps" : "smtp")}://127.0.0.1:{smtp.Port}", result.Location);
        Assert.Equal($"accepted 1 tls=True auth={User}", await smtp.WaitForOutputAsync("accepted", Wait));
        var eml = EmlFile.Parse(await smtp.WaitForMessageAsync(Wait));
        Assert.Empty(eml.Defects);
        Assert.Equal("[OpsReport] Acme Cloud prod — week of 2026-11-16", eml.Subject);
        Assert.Equal(result.PdfSha256, Assert.Single(eml.Attachments).Sha256);
        Assert.Contains(logs.Lines, l => l.Contains("via smtp", StringComparison.Ordinal) && l.Contains(User, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_WrongPassword_GivesUpAtOnceAndNeverShowsThePassword()
    {
        const string wrong = "not-the-" + Password;
        using var certificate = new TestCertificate();
        await using var smtp = await SmtpSink.StartAsync(tls: "starttls", certificate: certificate.Files, login: (User, Password));
        var logs = new CapturedLogs();
        await using var host = await HostAsync(Relay(smtp.Port, "starttls", wrong), logs, certificate);

        var result = await host.Get<ReportSender>().SendAsync(Weekly);
        output.WriteLine(result.Message);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains("Given up", result.Message);
        Assert.EndsWith("refused", await smtp.WaitForOutputAsync("auth ", Wait), StringComparison.Ordinal);
        var record = (await host.Store.GetDeliveryAsync(result.Key))!;
        Assert.Equal(DeliveryStatus.Abandoned, record.Status);
        Assert.Empty(smtp.Messages);
        Assert.DoesNotContain(wrong, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, record.LastError ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_StartTlsAskedButNotOffered_FailsForGoodWithoutSendingInTheClear()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var logs = new CapturedLogs();
        await using var host = await HostAsync(Relay(smtp.Port, "starttls", password: null), logs, trusted: null);

        var result = await host.Get<ReportSender>().SendAsync(Weekly);
        output.WriteLine(result.Message);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains("STARTTLS", result.Message);
        Assert.Contains("Given up", result.Message);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task SendAsync_RelayCertificateNotTrusted_FailsForGood()
    {
        using var certificate = new TestCertificate();
        await using var smtp = await SmtpSink.StartAsync(tls: "implicit", certificate: certificate.Files);
        var logs = new CapturedLogs();
        await using var host = await HostAsync(Relay(smtp.Port, "implicit", password: null), logs, trusted: null);

        var result = await host.Get<ReportSender>().SendAsync(Weekly);
        output.WriteLine(result.Message);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains("certificate", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DeliveryStatus.Abandoned, (await host.Store.GetDeliveryAsync(result.Key))!.Status);
        Assert.Empty(smtp.Messages);
    }

    [Theory]
    [InlineData(587, true, false, SecureSocketOptions.StartTls)]
    [InlineData(465, true, false, SecureSocketOptions.SslOnConnect)]
    [InlineData(2465, false, true, SecureSocketOptions.SslOnConnect)]
    [InlineData(25, false, false, SecureSocketOptions.None)]
    public void Security_PortAndSwitches_PickTheConnection(int port, bool startTls, bool implicitTls, SecureSocketOptions expected)
    {
        Assert.Equal(expected, SmtpDelivery.Security(new SmtpOptions { Port = port, StartTls = startTls, ImplicitTls = implicitTls }));
    }
}
