namespace OpsReport.Core.Domain;

/// <summary>What kind of change a finding reports.</summary>
public enum FindingKind
{
    LogVolume,
    DebugLogging,
    MemoryTrend,
    LatencyRegression,
    SlowTenant,
    CostMover,
    Coverage,

    /// <summary>A series left its usual range (spike, dip, drop to zero, level shift, burst): the general anomaly detector.</summary>
    Anomaly,

    /// <summary>An SLO's error budget is burning fast over both a long and a short window.</summary>
    SloBurn,
}

/// <summary>How much a finding matters, from its impact (users affected, money per month, days to a limit).</summary>
public enum Severity
{
    Info,
    Warning,
    Critical,
}

/// <summary>Open while the condition holds; resolved once it is back within baseline for a set time.</summary>
public enum FindingState
{
    Open,
    Resolved,
}

/// <summary>
/// One thing that changed, said in a sentence, with the numbers that prove it. Identity is (environment, kind, subject),
/// so re-running analysis updates a finding instead of adding one.
/// </summary>
public sealed record Finding(
    string Environment,
    FindingKind Kind,
    string Subject,
    DateTimeOffset Start,
    DateTimeOffset? End,
    Severity Severity,
    FindingState State,
    string Summary,
    string Evidence,
    IReadOnlyDictionary<string, double> Numbers,
    string? Url,
    DateTimeOffset UpdatedAt)
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public string Id => $"{Environment}:{Kind}:{Subject}";

    /// <summary>
    /// The words behind the numbers (tenant name, path, log group, cost line), so the summary can be rendered again in
    /// another language or culture from the finding alone.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = NoLabels;
}
