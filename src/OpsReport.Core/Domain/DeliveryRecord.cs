namespace OpsReport.Core.Domain;

/// <summary>Where a report delivery stands in the outbox.</summary>
public enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,
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
    DateTimeOffset UpdatedAt);
