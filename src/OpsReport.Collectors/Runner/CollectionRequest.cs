namespace OpsReport.Collectors.Runner;

/// <summary>
/// What one collection pass covers: optionally one source and one environment (by name), and optionally an explicit
/// window [From, To) instead of "from the watermark up to now".
/// </summary>
public sealed record CollectionRequest(string? Source = null, string? Environment = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
