using System.Net.Mail;
using System.Text;

namespace OpsReport.Reports.Email;

/// <summary>
/// Serializes a <see cref="MailMessage"/> to RFC 5322 bytes with System.Net.Mail's own writer (the pickup-directory
/// writer is the only public way to get them), for deliveries that take a raw message such as Amazon SES.
/// </summary>
internal static class MimeWriter
{
    public static async Task<byte[]> ToBytesAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var staging = Path.Combine(Path.GetTempPath(), "opsreport-mime-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            using (var client = new SmtpClient())
            {
                client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
                client.PickupDirectoryLocation = staging;
                await client.SendMailAsync(message, cancellationToken);
            }
            var file = Directory.GetFiles(staging, "*.eml").Single();
            return StripEnvelope(await File.ReadAllBytesAsync(file, cancellationToken));
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// The pickup writer puts the envelope first as <c>X-Sender</c>/<c>X-Receiver</c> header lines; they list Bcc addresses
    /// and are not part of the message, so they are removed before the message leaves the process.
    /// </summary>
    private static byte[] StripEnvelope(byte[] eml)
    {
        var text = Encoding.ASCII.GetString(eml);
        var start = 0;
        while (text.AsSpan(start).StartsWith("X-Sender:", StringComparison.Ordinal) || text.AsSpan(start).StartsWith("X-Receiver:", StringComparison.Ordinal))
        {
            var end = text.IndexOf("\r\n", start, StringComparison.Ordinal);
            if (end < 0)
                break;
            start = end + 2;
        }
        return eml[start..];
    }
}
