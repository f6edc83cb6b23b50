using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>
/// Everything the incident view shows for one environment and time window, each signal next to the same window a week
/// earlier: the worst paths, the tenants affected, requests and errors, memory, log volume, the findings active in the
/// window, collection gaps, and since when it has been happening.
/// </summary>
public sealed record IncidentData(
    string Environment,
    TimeWindow Window,
    TimeWindow LastWeek,
    Resolution Step,
    IReadOnlyList<IncidentPath> Paths,
    IReadOnlyList<IncidentTenant> Tenants,
    IncidentTotals Requests,
    IncidentTotals Errors,
    IReadOnlyList<IncidentService> Memory,
    IReadOnlyList<IncidentLogGroup> Logs,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<CollectionGap> Gaps,
    IncidentOnset? Since)
{
    /// <summary>Tenants whose latency moved: far above last week or far above the other tenants on the same path.</summary>
    public IEnumerable<IncidentTenant> Affected => Tenants.Where(t => t.IsAffected);

    /// <summary>Deploys in the window (and the hour before it, when a change starting at the window's start may come from one), oldest first.</summary>
    public IReadOnlyList<Deploy> Deploys { get; init; } = [];

    /// <summary>Per signal, the steps of the window with no point of that signal: the only hours its chart shades.</summary>
    public IReadOnlyDictionary<IncidentSignal, IReadOnlyList<CollectionGap>> SignalGaps { get; init; } = new Dictionary<IncidentSignal, IReadOnlyList<CollectionGap>>();

    /// <summary>The hours a chart of <paramref name="signal"/> shades as missing.</summary>
    public IReadOnlyList<CollectionGap> GapsOf(IncidentSignal signal) => SignalGaps.TryGetValue(signal, out var gaps) ? gaps : [];
}

/// <summary>The signal a chart of the incident view draws, whose own missing hours it shades.</summary>
public enum IncidentSignal
{
    Latency,
    Requests,
    Memory,
    Logs,
}

/// <summary>
/// A path's all-tenant p95 in the window: typical (lower median of the step's p95 values, never an average) and peak,
/// each against the same window last week, with requests and errors.
/// </summary>
public sealed record IncidentPath(string Path, double? P95, double? P95LastWeek, double? Ratio, double? P95Peak, double? P95PeakLastWeek,
    double? Requests, double? RequestsLastWeek, double? Errors, double? ErrorsLastWeek, IncidentOnset? Onset,
    IReadOnlyList<Point> Current, IReadOnlyList<Point> LastWeekPoints);

/// <summary>A tenant on a path: its typical p95 against last week and against the other tenants on the path.</summary>
public sealed record IncidentTenant(string Id, string Name, string Path, double? P95, double? P95LastWeek, double? RatioLastWeek,
    double? OthersP95, double? VsOthers, double? Requests, IncidentOnset? Onset, IReadOnlyList<Point> Current, IReadOnlyList<Point> LastWeekPoints)
{
    public const double RatioThreshold = 1.5;
    public const double OthersThreshold = 2.0;

    /// <summary>Moved over the window as a whole (its typical p95) or since an onset inside it (<see cref="Shift"/>).</summary>
    public bool IsAffected => IsAffectedOverWindow || Shift?.IsAffected == true;

    /// <summary>The window's typical p95 is far above last week or far above the other tenants.</summary>
    public bool IsAffectedOverWindow => RatioLastWeek >= RatioThreshold || VsOthers >= OthersThreshold;

    /// <summary>Since the onset inside the window, against before it; null when there is no onset or too little since.</summary>
    public IncidentShift? Shift { get; init; }

    /// <summary>Step by step, the lower median p95 of the other tenants that make up <see cref="OthersP95"/> (the chart's comparison line).</summary>
    public IReadOnlyList<Point> OthersPoints { get; init; } = [];

    /// <summary>How far off it is: the larger of the two ratios.</summary>
    public double Severity => Math.Max(Math.Max(RatioLastWeek ?? 0, VsOthers ?? 0), Shift?.IsAffected == true ? Shift.Severity : 0);
}

/// <summary>
/// A tenant since an onset inside the window: its typical p95 since then, the typical p95 before it (the window's
/// earlier steps and the week before), and the other tenants' typical p95 over the same steps since the onset.
/// </summary>
public sealed record IncidentShift(DateTimeOffset Since, double? P95, double? P95Before, double? Ratio, double? OthersP95, double? VsOthers)
{
    /// <summary>The least time since the onset that counts as a shift rather than a few noisy hours.</summary>
    public const int MinHours = 6;

    public bool IsAffected => Ratio >= IncidentTenant.RatioThreshold || VsOthers >= IncidentTenant.OthersThreshold;

    public double Severity => Math.Max(Ratio ?? 0, VsOthers ?? 0);
}

/// <summary>A countable signal (requests, errors) summed over the window and last week, with its series per step.</summary>
public sealed record IncidentTotals(double? Current, double? LastWeek, IReadOnlyList<Point> CurrentPoints, IReadOnlyList<Point> LastWeekPoints);

/// <summary>A service's memory utilization in the window: peak and latest against last week's peak.</summary>
public sealed record IncidentService(string Service, double? Peak, double? PeakLastWeek, double? Latest, IReadOnlyList<Point> Current, IReadOnlyList<Point> LastWeekPoints);

/// <summary>A log group's ingested bytes in the window against the same window last week.</summary>
public sealed record IncidentLogGroup(string LogGroup, double? Bytes, double? BytesLastWeek, double? Ratio, IReadOnlyList<Point> Current, IReadOnlyList<Point> LastWeekPoints);

/// <summary>A stretch of the window without collected data, and why (a failed run, not collected yet, no points).</summary>
public sealed record CollectionGap(DateTimeOffset From, DateTimeOffset To, CollectionGapReason Reason, string? Detail)
{
    /// <summary>The incident signal whose chart misses these hours (null for a failed run or the window's future).</summary>
    public IncidentSignal? Signal { get; init; }
}

/// <summary>Why a stretch of time has no data.</summary>
public enum CollectionGapReason
{
    RunFailed,
    NotCollectedYet,
    NoData,
}

/// <summary>
/// When it started: from a finding's start when one covers it, else the first step of the window from which the signal
/// stayed well above the same time last week (<see cref="AtWindowStart"/>: it was already high when the window began).
/// </summary>
public sealed record IncidentOnset(DateTimeOffset At, bool FromFinding, bool AtWindowStart);
