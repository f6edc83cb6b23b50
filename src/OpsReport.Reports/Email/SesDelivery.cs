using MimeKit;
using OpsReport.Core.Email;

namespace OpsReport.Reports.Email;

/// <summary>
/// Sends through Amazon SES v2 <c>SendEmail</c> with the raw MIME message (so the PDF attachment and both alternatives go
/// as composed), using whatever <see cref="IRawEmailSender"/> the AWS client registers.
/// </summary>
public sealed class SesDelivery(IRawEmailSender sender) : IEmailDelivery
{
    public string Name => sender.Name;

    public async Task<string> DeliverAsync(MimeMessage message, string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var from = message.From.Mailboxes.FirstOrDefault() ?? throw new InvalidOperationException("The message has no From address (OpsReport:Email:From).");
        var mime = await MessageBytes.ToArrayAsync(message, cancellationToken);
        // SES delivers to the envelope destinations, not to the headers: Cc and Bcc must be listed too.
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes)
            .Select(a => a.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var id = await sender.SendRawAsync(mime, from.Address, recipients, cancellationToken);
        return $"{sender.Name}:{id}";
    }
}
