using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources;

/// <summary>
/// A system we collect series from (demo, CloudWatch metrics, Logs Insights, Cost Explorer, Datadog). The runner asks for
/// one stream and one window at a time and commits what comes back together with the stream's watermark.
/// </summary>
public interface ISource
{
    /// <summary>Short name used on the CLI (<c>--source</c>), in run records and on the coverage page.</summary>
    string Name { get; }

    /// <summary>The streams this source collects for an environment (none when the environment does not use this source).</summary>
    IReadOnlyList<SourceStream> GetStreams(string environment);

    /// <summary>Collects one window of one stream. Must be idempotent: the same window gives the same points.</summary>
    Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken);
}

/// <summary>
/// A unit of collection with its own watermark, e.g. the demo source's "latency" stream in "prod".
/// <paramref name="Step"/> is the granularity windows are aligned to; <paramref name="MaxWindow"/> the largest window
/// one call may cover (the runner commits after each); <paramref name="Settle"/> how far back from now data may still change.
/// </summary>
public sealed record SourceStream(string Source, string Environment, string Name, TimeSpan Step, TimeSpan MaxWindow, TimeSpan Settle)
{
    public StreamId Id => new(Source, Environment, Name);
}

/// <summary>
/// What one collection call produced: points, what it cost, notes on what the answers lacked (<paramref name="Warnings"/>:
/// asked again they would say the same, e.g. a query with no series or a row limit) and the requests that failed.
/// </summary>
public sealed record SourceBatch(IReadOnlyList<SeriesPoints> Series, ApiUsage Usage, IReadOnlyList<string> Warnings)
{
    public static SourceBatch Empty { get; } = new([], ApiUsage.None, []);

    /// <summary>
    /// Requests of the window that failed or came back incomplete (a query error beside the data, a timed-out query, a
    /// status other than complete). The window is not done: its points are kept, but the watermark stays before it so
    /// the next run fetches it again.
    /// </summary>
    public IReadOnlyList<string> FailedRequests { get; init; } = [];

    /// <summary>One line per billed query the call ran (what, over which window, what it scanned), for <c>collect --verbose</c>.</summary>
    public IReadOnlyList<string> Queries { get; init; } = [];

    public long PointCount => Series.Sum(s => (long)s.Points.Count);
}
