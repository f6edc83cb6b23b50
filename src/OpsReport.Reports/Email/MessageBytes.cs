using MimeKit;

namespace OpsReport.Reports.Email;

/// <summary>
/// Writes a <see cref="MimeMessage"/> as RFC 5322 bytes: CRLF line ends whatever the platform (MimeKit's default is the
/// platform's), and no Bcc header, which lists addresses the other recipients must not see.
/// </summary>
internal static class MessageBytes
{
    private static readonly FormatOptions Wire = CreateFormat();

    public static async Task WriteAsync(MimeMessage message, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await message.WriteToAsync(Wire, destination, cancellationToken);
    }

    public static async Task<byte[]> ToArrayAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        using var memory = new MemoryStream();
        await WriteAsync(message, memory, cancellationToken);
        return memory.ToArray();
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.HiddenHeaders.Add(HeaderId.Bcc);
        return format;
    }
}
