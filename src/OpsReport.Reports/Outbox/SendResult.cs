namespace OpsReport.Reports.Outbox;

/// <summary>How a send ended.</summary>
public enum SendStatus
{
    Sent,
    AlreadySent,
    DryRun,

    /// <summary>Failed; recorded, and retried later unless the error is permanent or attempts ran out.</summary>
    Failed,

    /// <summary>The period has no data at all: nothing was sent (never an empty report); recorded as a failure and retried later.</summary>
    NoData,

    /// <summary>Another sender holds this delivery right now; nothing was sent by this one.</summary>
    InProgress,
}

/// <summary>The outcome of <see cref="ReportSender.SendAsync(ReportRequest, bool, bool, CancellationToken)"/>: what was (or would be) sent, where it went, and a one-line summary.</summary>
/// <param name="Location">Where the message went (a pickup file or an SMTP relay); for AlreadySent, where it went before.</param>
/// <param name="SizeBytes">Size of the rendered PDF; null when nothing was rendered.</param>
/// <param name="Attached">True when the PDF was attached, false when it was linked (too large) or not rendered.</param>
/// <param name="PdfSha256">Hex SHA-256 of the rendered PDF, so the attachment can be checked against it.</param>
/// <param name="Message">One line for the CLI and the reports page; never holds secrets.</param>
/// <param name="Subject">The email subject (null when nothing was composed).</param>
/// <param name="Pdf">The rendered PDF (null when nothing was rendered), for <c>report send --out</c>.</param>
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
    string Message,
    string? Subject = null,
    byte[]? Pdf = null)
{
    /// <summary>True for the outcomes a script can treat as success (sent now, sent before, or a dry run).</summary>
    public bool IsSuccess => Status is SendStatus.Sent or SendStatus.AlreadySent or SendStatus.DryRun;
}
