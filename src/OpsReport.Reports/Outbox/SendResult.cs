namespace OpsReport.Reports.Outbox;

/// <summary>How a send ended.</summary>
public enum SendStatus
{
    Sent,
    AlreadySent,
    DryRun,
    Failed,
}

/// <summary>The outcome of <see cref="ReportSender.SendAsync"/>: what was (or would be) sent, where it went, and a one-line summary.</summary>
/// <param name="Location">Where the message went (a pickup file or an SMTP relay); for AlreadySent, where it went before.</param>
/// <param name="SizeBytes">Size of the rendered PDF; null when nothing was rendered.</param>
/// <param name="Attached">True when the PDF was attached, false when it was linked (too large) or not rendered.</param>
/// <param name="PdfSha256">Hex SHA-256 of the rendered PDF, so the attachment can be checked against it.</param>
/// <param name="Message">One line for the CLI and the reports page; never holds secrets.</param>
public sealed record SendResult(
    SendStatus Status,
    string Key,
    string Report,
    string Environment,
    string Period,
    string? Tenant,
    IReadOnlyList<string> Recipients,
    string? Location,
    long? SizeBytes,
    bool Attached,
    int Attempts,
    string? PdfSha256,
    string Message);
