using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>The overview's headline numbers: the last 7 days against the 7 days before (whole weeks, so seasonality cancels).</summary>
public sealed record StandupKpis(TimeWindow Week, TimeWindow WeekBefore, IReadOnlyList<Kpi> Tiles);

/// <summary>Which headline number a tile shows.</summary>
public enum KpiKind
{
    Requests,
    Errors,
    ErrorRate,
    SlowerPaths,
    LogVolume,
    Cost,
    MemoryPeak,
}

/// <summary>
/// One tile: this week's and last week's value in <see cref="Unit"/>. For <see cref="KpiKind.SlowerPaths"/> the value is
/// the number of paths whose typical p95 rose by a fifth or more, <see cref="Previous"/> the number of paths compared,
/// <see cref="Subject"/> the worst path and <see cref="Ratio"/> its change; for memory, the service with the highest peak.
/// </summary>
public sealed record Kpi(KpiKind Kind, double? Current, double? Previous, string Unit, bool HigherIsWorse, string? Subject = null, double? Ratio = null);

/// <summary>What changed in the last 24 hours, against the same 24 hours a week earlier, plus findings opened or resolved.</summary>
public sealed record StandupChanges(TimeWindow Window, TimeWindow WeekBefore, IReadOnlyList<StandupChange> Items);

/// <summary>What a change is about.</summary>
public enum ChangeKind
{
    NewFinding,
    ResolvedFinding,
    PathLatency,
    TenantLatency,
    Errors,
    LogVolume,
    Memory,
    Cost,
}

/// <summary>
/// One change: the thing (<see cref="Subject"/>: path, tenant id, log group, service), a second word where needed
/// (<see cref="Detail"/>: the tenant's name, the tenant's path), the two values in <see cref="Unit"/>, and the finding behind it.
/// <see cref="Score"/> orders the strip (how many times its usual size, findings first).
/// </summary>
public sealed record StandupChange(ChangeKind Kind, string Subject, string? Detail, double? Current, double? Previous, string Unit, double Score,
    Finding? Finding = null, string? Extra = null);
