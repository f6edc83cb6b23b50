using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>What is monitored and what is not, per environment, with the last collection status and API cost of each source stream.</summary>
public sealed record CoverageOverview(DateTimeOffset AsOf, IReadOnlyList<EnvironmentCoverage> Environments);

/// <summary>One environment's coverage: its streams, the things it sees, and the things it does not.</summary>
public sealed record EnvironmentCoverage(
    string Environment,
    DateTimeOffset? CollectedUntil,
    IReadOnlyList<SourceStreamStatus> Streams,
    IReadOnlyList<CoverageItem> Monitored,
    IReadOnlyList<CoverageItem> NotMonitored,
    IReadOnlyList<Finding> Findings)
{
    public int FailingStreams => Streams.Count(s => s.LastStatus is RunStatus.Failed or RunStatus.Partial);
}

/// <summary>
/// One collection stream (source, environment, stream): its last run, how far it has collected, and what its runs of the
/// last 24 hours and 30 days cost in API calls, metrics requested, bytes scanned and dollars.
/// </summary>
public sealed record SourceStreamStatus(
    string Source,
    string Stream,
    RunStatus? LastStatus,
    DateTimeOffset? LastRunAt,
    string? LastError,
    DateTimeOffset? CollectedUntil,
    int Runs30d,
    int FailedRuns30d,
    long ApiCalls30d,
    long MetricsRequested30d,
    long BytesScanned30d,
    decimal Usd30d,
    decimal Usd24h);

/// <summary>Something monitored (or not): which signal, what, when data was last seen, and the state in a word.</summary>
public sealed record CoverageItem(string Signal, string Subject, DateTimeOffset? LastSeen, CoverageState State, string? Detail);

/// <summary>The state of a <see cref="CoverageItem"/>.</summary>
public enum CoverageState
{
    Ok,

    /// <summary>Known, but no data for longer than its cadence allows.</summary>
    Silent,

    /// <summary>A signal that is expected but not collected (e.g. a service with latency but no memory data).</summary>
    Missing,

    /// <summary>Collected, but without a breakdown people ask for (e.g. latency without a tenant split).</summary>
    Partial,
}
