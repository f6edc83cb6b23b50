using System.Globalization;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Runner;

/// <summary>
/// What one collection pass did: streams visited, runs recorded, what was written, what it cost, what failed, and which
/// streams it left to another instance that held their lease.
/// </summary>
public sealed record CollectionSummary(
    int Streams,
    int Runs,
    int SeriesTouched,
    long PointsWritten,
    ApiUsage Usage,
    IReadOnlyList<string> Failures,
    TimeSpan Duration,
    IReadOnlyList<string>? HeldElsewhere = null)
{
    public int ApiCalls => Usage.ApiCalls;

    public long MetricsRequested => Usage.MetricsRequested;

    public long BytesScanned => Usage.BytesScanned;

    public decimal EstimatedUsd => Usage.EstimatedUsd;

    /// <summary>The billed queries the pass ran, one line each (what, window, bytes scanned), for <c>collect --verbose</c>.</summary>
    public IReadOnlyList<string> Queries { get; init; } = [];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Streams} streams, {Runs} runs, {SeriesTouched} series, {PointsWritten} points, {ApiCalls} API calls, {MetricsRequested} metrics requested, {BytesScanned} bytes scanned, est. ${EstimatedUsd:0.####}, {Failures.Count} failed, {HeldElsewhere?.Count ?? 0} held by another instance, {Duration.TotalSeconds:0.0} s");
}
