namespace OpsReport.Core.Domain;

/// <summary>What a source's collection cost in API terms; every source counts its calls so we know what monitoring costs.</summary>
public sealed record ApiUsage(int ApiCalls = 0, long MetricsRequested = 0, long BytesScanned = 0, decimal EstimatedUsd = 0)
{
    public static readonly ApiUsage None = new();

    public static ApiUsage operator +(ApiUsage a, ApiUsage b) =>
        new(a.ApiCalls + b.ApiCalls, a.MetricsRequested + b.MetricsRequested, a.BytesScanned + b.BytesScanned, a.EstimatedUsd + b.EstimatedUsd);
}

/// <summary>The outcome of a collection run.</summary>
public enum RunStatus
{
    Running,
    Succeeded,
    Partial,
    Failed,

    /// <summary>Left "Running" by a process that stopped (killed, crashed): nothing of it was committed.</summary>
    Abandoned,
}

/// <summary>One run of one source stream over one window, recorded for the coverage page and for "what did this cost".</summary>
public sealed record CollectionRun(
    long Id,
    string Source,
    string Environment,
    string Stream,
    TimeWindow Window,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    RunStatus Status,
    long PointsWritten,
    ApiUsage Usage,
    string? Error)
{
    public TimeSpan? Duration => FinishedAt - StartedAt;
}

/// <summary>Identifies a collection stream (one source, one environment, one stream name) whose watermark is tracked.</summary>
public readonly record struct StreamId(string Source, string Environment, string Stream)
{
    public override string ToString() => $"{Source}/{Environment}/{Stream}";
}
