using MimeKit;

namespace OpsReport.Reports.Email;

/// <summary>Hands a composed message to a mail system: a pickup folder, an SMTP relay, or Amazon SES.</summary>
public interface IEmailDelivery
{
    /// <summary>Short name for logs and the outbox: <c>pickup</c>, <c>smtp</c>, <c>ses</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Delivers the message and returns where it went (a file path, or the relay's address). The delivery key identifies the
    /// report, period and recipients; a delivery that can, uses it to make a repeat replace the earlier copy.
    /// </summary>
    Task<string> DeliverAsync(MimeMessage message, string deliveryKey, CancellationToken cancellationToken = default);
}
