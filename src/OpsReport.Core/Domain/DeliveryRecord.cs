namespace OpsReport.Core.Domain;

/// <summary>Where a report delivery stands in the outbox.</summary>
public enum DeliveryStatus
{
    /// <summary>Claimed by a sender and being handed to the mail system.</summary>
    Pending,
    Sent,

    /// <summary>Failed; tried again at <see cref="DeliveryRecord.NextAttemptAt"/>.</summary>
    Failed,

    /// <summary>Failed for good (a permanent error, or out of attempts): a person has to look, so it is shown on the reports page and in <c>check</c>.</summary>
    Abandoned,
}

/// <summary>
/// One delivery of one report for one period to one recipient set. <see cref="Key"/> is its identity, so the same
/// report and period is sent at most once unless forced.
/// </summary>
public sealed record DeliveryRecord(
    string Key,
    string Report,
    string Environment,
    string Period,
    string? Tenant,
    string Recipients,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    string? Location,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Cc addresses, comma-separated (empty when none); <see cref="Recipients"/> holds the To addresses.</summary>
    public string Cc { get; init; } = "";

    /// <summary>The language it was rendered in, so a retry renders the same report.</summary>
    public string? Language { get; init; }

    /// <summary>The email subject of the last attempt.</summary>
    public string? Subject { get; init; }

    /// <summary>The delivery used: <c>pickup</c>, <c>smtp</c> or <c>ses</c>.</summary>
    public string? Channel { get; init; }
}
