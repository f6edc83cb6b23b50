using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>What the coverage findings of one environment look at.</summary>
/// <param name="ServicesSeen">Services with memory to report that appear in request series (not load balancers or Lambda functions).</param>
/// <param name="ServicesWithMemory">Services that have a memory series.</param>
/// <param name="LatencyLastSeen">Last time each path (tenant null) or (path, tenant) had requests counted, for series seen in the lookback.</param>
/// <param name="Retention">Log group → retention days (null = never expires), when a source published them.</param>
/// <param name="LastRuns">The most recent run of each source stream of the environment.</param>
public sealed record CoverageInput(
    IReadOnlySet<string> ServicesSeen,
    IReadOnlySet<string> ServicesWithMemory,
    IReadOnlyDictionary<(string Path, string? Tenant), DateTimeOffset> LatencyLastSeen,
    IReadOnlyDictionary<string, int?> Retention,
    IReadOnlyList<CollectionRun> LastRuns);
