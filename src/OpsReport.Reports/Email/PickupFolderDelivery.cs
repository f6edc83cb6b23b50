using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using OpsReport.Core.Configuration;

namespace OpsReport.Reports.Email;

/// <summary>
/// Writes each message as a complete RFC 5322 <c>.eml</c> file into the pickup folder (the embedded default, and what a
/// mail catcher or an MTA's pickup service reads). The file name derives from the delivery key, so a repeat overwrites.
/// </summary>
public sealed class PickupFolderDelivery(IOptions<OpsReportOptions> options) : IEmailDelivery
{
    public string Name => "pickup";

    /// <summary>The absolute pickup folder; a relative <c>Email:PickupDirectory</c> is under <c>DataDir</c>.</summary>
    public string Directory
    {
        get
        {
            var o = options.Value;
            var folder = string.IsNullOrWhiteSpace(o.Email.PickupDirectory) ? "outbox" : o.Email.PickupDirectory;
            return Path.GetFullPath(Path.IsPathRooted(folder) ? folder : Path.Combine(o.DataDir, folder));
        }
    }

    /// <summary>A readable, stable file name: report, environment, period and tenant, plus a hash of the whole key (it holds the recipients).</summary>
    public static string FileNameFor(string deliveryKey)
    {
        var parts = deliveryKey.Split('|');
        var readable = string.Join("-", parts.Take(4).Where(p => p.Length > 0).Select(Slug));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)))[..12];
        return (readable.Length > 0 ? readable + "-" : "") + hash + ".eml";
    }

    public async Task<string> DeliverAsync(MimeMessage message, string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var folder = Directory;
        System.IO.Directory.CreateDirectory(folder);
        // Written under a temporary name first and renamed (atomic on one file system), so whoever watches the folder for
        // .eml files never sees half a message.
        var staging = Path.Combine(folder, ".staging-" + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await using (var file = File.Create(staging))
                await MessageBytes.WriteAsync(message, file, cancellationToken);
            var target = Path.Combine(folder, FileNameFor(deliveryKey));
            File.Move(staging, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(staging);
        }
    }

    private static string Slug(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return sb.ToString();
    }
}
