using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Reports.Email;

/// <summary>
/// Sends through an SMTP relay (<c>OpsReport:Email:Smtp</c>). <c>StartTls</c> upgrades the connection with STARTTLS
/// (port 587); System.Net.Mail has no implicit TLS, so port 465 relays are not supported. The password is never logged.
/// </summary>
public sealed class SmtpDelivery(IOptions<OpsReportOptions> options, ILogger<SmtpDelivery> logger) : IEmailDelivery
{
    public string Name => "smtp";

    public async Task<string> DeliverAsync(MailMessage message, string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var smtp = options.Value.Email.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
            throw new InvalidOperationException("OpsReport:Email:Smtp:Host is not set; it is required when OpsReport:Email:Delivery is Smtp.");

        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = smtp.StartTls,
            UseDefaultCredentials = false,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);

        var location = $"smtp://{smtp.Host}:{smtp.Port}";
        logger.LogInformation("Sending {Subject} to {Count} recipient(s) via {Location} (STARTTLS {StartTls}, user {User})",
            message.Subject, message.To.Count, location, smtp.StartTls, string.IsNullOrEmpty(smtp.UserName) ? "none" : smtp.UserName);
        await client.SendMailAsync(message, cancellationToken);
        return location;
    }
}
