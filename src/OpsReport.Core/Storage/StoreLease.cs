namespace OpsReport.Core.Storage;

/// <summary>A lease in the store: which instance holds <paramref name="Name"/> (e.g. <c>collect:demo/prod/metrics</c>) and until when.</summary>
public sealed record StoreLease(string Name, string Holder, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);
