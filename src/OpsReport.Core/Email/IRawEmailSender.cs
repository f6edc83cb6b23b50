namespace OpsReport.Core.Email;

/// <summary>
/// Sends a complete RFC 5322 message as-is, e.g. Amazon SES v2 <c>SendEmail</c> with <c>Content.Raw</c>. Lives in Core so the
/// AWS client (Collectors) can implement it and the report delivery (Reports) can use it without either knowing the other.
/// </summary>
public interface IRawEmailSender
{
    /// <summary>Short name for logs and the outbox, e.g. <c>ses</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Sends <paramref name="mime"/> (headers and body, CRLF line ends) from <paramref name="from"/> to every address in
    /// <paramref name="recipients"/> (To and Cc). Returns the provider's message id. Throws <see cref="RawEmailException"/>
    /// with <see cref="RawEmailException.Permanent"/> set when retrying cannot help (rejected sender, bad request).
    /// </summary>
    Task<string> SendRawAsync(ReadOnlyMemory<byte> mime, string from, IReadOnlyList<string> recipients, CancellationToken cancellationToken = default);
}
