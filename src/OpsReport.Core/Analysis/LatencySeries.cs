using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Latency of one path (all tenants when <see cref="Tenant"/> is null) or one (path, tenant): hourly p95 and request
/// counts, plus the stored local-day p95 rollups when the source writes them (percentiles are never averaged, so a day's
/// p95 comes from the day rollup, not from hourly values).
/// </summary>
public sealed record LatencySeries(
    string Path,
    string? Tenant,
    RegularSeries P95,
    RegularSeries? Requests,
    IReadOnlyList<Point> DayP95,
    IReadOnlyList<Point> DayRequests,
    RegularSeries? Errors = null);

/// <summary>A lasting rise of one latency series over its usual level for the hour of the week.</summary>
/// <param name="Ratio">exp of the median log-residual since the change: how many times the usual p95.</param>
/// <param name="Z">Two-sample score of the shift in medians (log scale) before and after the change.</param>
/// <param name="Pooled">Judged on every hour that had requests, pooled over days, because too few hours had enough requests on their own.</param>
public sealed record LatencyChange(LatencySeries Series, DateTimeOffset Since, DateTimeOffset? End, double Ratio, double Z, double RequestsSince, bool Pooled = false);

/// <summary>The p95 now and before a change, from day rollups when the change is older than the last complete day.</summary>
/// <param name="Pooled">From every hour with requests (a low-traffic series), not from the same hours a week before.</param>
public sealed record LatencyEvidence(double NowMs, double BeforeMs, bool FromDayRollups, DateTimeOffset? Day, bool Pooled = false);
