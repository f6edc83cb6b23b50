using System.Net.Security;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using OpsReport.Core.Configuration;

namespace OpsReport.Reports.Email;

/// <summary>
/// Sends through an SMTP relay (<c>OpsReport:Email:Smtp</c>) with MailKit: implicit TLS when <c>ImplicitTls</c> is set or
/// the port is 465 (RFC 8314), otherwise STARTTLS when <c>StartTls</c> is set (port 587; required, never silently
/// skipped), else plain; AUTH when <c>UserName</c> is set. The password is never logged.
/// </summary>
public sealed class SmtpDelivery(IOptions<OpsReportOptions> options, ILogger<SmtpDelivery> logger) : IEmailDelivery
{
    public const int ImplicitTlsPort = 465;

    public string Name => "smtp";

    /// <summary>Replaces the system's certificate check (tests trust their own throwaway certificate with it).</summary>
    internal RemoteCertificateValidationCallback? CertificateValidation { get; set; }

    /// <summary>How the connection is secured for these settings.</summary>
    public static SecureSocketOptions Security(SmtpOptions smtp)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        return smtp.ImplicitTls || smtp.Port == ImplicitTlsPort ? SecureSocketOptions.SslOnConnect
            : smtp.StartTls ? SecureSocketOptions.StartTls
            : SecureSocketOptions.None;
    }

    public async Task<string> DeliverAsync(MimeMessage message, string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var smtp = options.Value.Email.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
            throw new InvalidOperationException("OpsReport:Email:Smtp:Host is not set; it is required when OpsReport:Email:Delivery is Smtp.");

        var security = Security(smtp);
        var location = $"{(security == SecureSocketOptions.SslOnConnect ? "smtps" : "smtp")}://{smtp.Host}:{smtp.Port}";
        logger.LogInformation("Sending {Subject} to {Count} recipient(s) via {Location} ({Security}, user {User})",
            message.Subject, message.To.Count + message.Cc.Count, location, security, string.IsNullOrEmpty(smtp.UserName) ? "none" : smtp.UserName);

        using var client = new SmtpClient();
        if (CertificateValidation is not null)
            client.ServerCertificateValidationCallback = CertificateValidation;
        await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return location;
    }
}
