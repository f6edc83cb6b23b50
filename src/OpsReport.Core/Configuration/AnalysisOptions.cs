namespace OpsReport.Core.Configuration;

/// <summary>Thresholds and calendars of the detectors (<c>OpsReport:Analysis</c>); the defaults are what the synthetic suites were tuned on.</summary>
public sealed class AnalysisOptions
{
    /// <summary>Run the detectors after each background collection pass while serving.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>History read per run: four weeks of same-hour-of-week baseline plus the week being judged.</summary>
    public int LookbackDays { get; set; } = 35;

    /// <summary>Resolved findings stay listed (by <c>analyze</c> and the API) this many days after they end.</summary>
    public int ReportResolvedDays { get; set; } = 7;

    /// <summary>Public holidays treated like Sundays in baselines: <c>JP</c> (Japanese public holidays) or <c>None</c>.</summary>
    public string HolidayCalendar { get; set; } = "JP";

    /// <summary>More days off (company holidays, year-end closure) as ISO dates, e.g. 2026-12-30.</summary>
    public List<string> ExtraHolidays { get; set; } = [];

    /// <summary>Hours back within baseline before a finding is resolved.</summary>
    public int ResolveAfterHours { get; set; } = 6;

    /// <summary>Log volume must be at least this many times its usual level for the hour of the week.</summary>
    public double LogVolumeRatio { get; set; } = 2.0;

    /// <summary>Robust z-score (log scale, MAD-based) an hour must also exceed, so naturally bursty log groups need more.</summary>
    public double LogVolumeMinZ { get; set; } = 4.0;

    /// <summary>Hours above baseline before it is a finding: one-hour blips and short batch runs are not.</summary>
    public int LogVolumeMinHours { get; set; } = 3;

    /// <summary>Excess below this (GB per day) is not worth a finding whatever the ratio.</summary>
    public double LogVolumeMinExcessGbPerDay { get; set; } = 0.1;

    /// <summary>DEBUG/TRACE share of events above which a volume anomaly is reported as DEBUG logging left on.</summary>
    public double DebugShareThreshold { get; set; } = 0.5;

    /// <summary>Memory utilization (percent of the limit) whose projected date a memory finding names.</summary>
    public double MemoryThresholdPercent { get; set; } = 90;

    /// <summary>Days of hourly memory data a trend is measured over.</summary>
    public int MemoryWindowDays { get; set; } = 14;

    /// <summary>Growth between restarts below this (percentage points per day) is not a leak.</summary>
    public double MemoryMinGrowthPerDay { get; set; } = 0.5;

    /// <summary>A leak that would take longer than this to reach the threshold without a restart is not reported.</summary>
    public int MemoryHorizonDays { get; set; } = 30;

    /// <summary>Hours of memory data within the window below which no trend is measured (two days).</summary>
    public int MemoryMinPoints { get; set; } = 48;

    /// <summary>A drop smaller than this (percentage points) is never a restart, however quiet the series.</summary>
    public double MemoryMinRestartDrop { get; set; } = 3;

    /// <summary>
    /// Trend score (seasonal Mann–Kendall or restart-drop t score) a growth must reach to be a leak, and any projection
    /// or "time to limit" to be shown: one-sided p below 0.0003, since a single noisy run between two drops can reach 3.
    /// </summary>
    public double MemorySignificantZ { get; set; } = 3.5;

    /// <summary>A leak reaching the threshold within this many days is critical.</summary>
    public double MemoryCriticalDays { get; set; } = 3;

    /// <summary>A leak reaching the threshold within this many days (and later than <see cref="MemoryCriticalDays"/>) is a warning; later ones are info.</summary>
    public double MemoryWarningDays { get; set; } = 14;

    /// <summary>p95 must be at least this many times the same hours a week before.</summary>
    public double LatencyRatio { get; set; } = 1.5;

    /// <summary>Hours with fewer requests say too little about p95 and are skipped.</summary>
    public int LatencyMinRequestsPerHour { get; set; } = 30;

    /// <summary>Hours of data since a change before a latency regression is reported.</summary>
    public int LatencyMinHours { get; set; } = 6;

    /// <summary>A tenant whose p95 is this many times the other tenants' median on the same path (and worse than its own a week before) is slow.</summary>
    public double SlowTenantRatio { get; set; } = 2.0;

    /// <summary>Days back a latency change is looked for.</summary>
    public int LatencyDetectionDays { get; set; } = 14;

    /// <summary>Two-sample score (log p95 medians before and after the split) a latency change must reach, so it is no accident of which hours fell after it.</summary>
    public double LatencyMinZ { get; set; } = 5;

    /// <summary>A latency change must also be this many times the series' own hour-to-hour noise (robust sigma), so it is visible hour by hour.</summary>
    public double LatencyMinEffectSigmas { get; set; } = 2;

    /// <summary>Another tenant's day rollup counts as "the other tenants" of a slow-tenant finding only with this many requests that day.</summary>
    public int LatencyMinDayRequests { get; set; } = 50;

    /// <summary>A path regression at least this many times its usual p95 …</summary>
    public double LatencyCriticalRatio { get; set; } = 2;

    /// <summary>… over at least this many requests since the change is critical.</summary>
    public int LatencyCriticalRequests { get; set; } = 10_000;

    /// <summary>A slow tenant at least this many times the other tenants' p95 …</summary>
    public double SlowTenantCriticalRatio { get; set; } = 3;

    /// <summary>… over at least this many requests since the change is critical.</summary>
    public int SlowTenantCriticalRequests { get; set; } = 1000;

    /// <summary>
    /// Low-traffic series (too few hours with <see cref="LatencyMinRequestsPerHour"/>) are judged on all their hours
    /// pooled over days: each side of the change needs at least this many requests, so a handful of requests never makes a finding.
    /// </summary>
    public int LatencyPooledMinRequests { get; set; } = 20;

    /// <summary>A pooled (low-traffic) change must have lasted this many hours: one slow request is not a slow day.</summary>
    public int LatencyPooledMinHours { get; set; } = 24;

    /// <summary>Hours with requests each side of a pooled change needs at least.</summary>
    public int LatencyPooledMinHoursWithRequests { get; set; } = 6;

    /// <summary>Cost changes smaller than this (USD per month) are not findings.</summary>
    public double CostMinUsdPerMonth { get; set; } = 20;

    /// <summary>Relative change of a cost line (0.2 = 20 %) below which it did not move.</summary>
    public double CostMinChangeRatio { get; set; } = 0.2;

    /// <summary>Days of daily cost a cost line's movement is judged over.</summary>
    public int CostWindowDays { get; set; } = 28;

    /// <summary>Mann–Kendall score a cost creep must reach (one-sided p below 0.001).</summary>
    public double CostSignificantZ { get; set; } = 3.09;

    /// <summary>A cost movement adding at least this much (USD per month) is critical.</summary>
    public double CostCriticalUsdPerMonth { get; set; } = 300;

    /// <summary>A cost movement adding at least this much (USD per month) is a warning; smaller ones are info.</summary>
    public double CostWarningUsdPerMonth { get; set; } = 30;

    /// <summary>A resource (bucket, log group) names the cause of a cost movement when its growth is at least this share of the growth of all resources of its kind.</summary>
    public double CostCauseMinShare { get; set; } = 0.5;

    /// <summary>Stand-up tile: a path counts as slower when its week p95 rose by at least this factor.</summary>
    public double StandupSlowerRatio { get; set; } = 1.2;

    /// <summary>Stand-up "what changed": a path's p95 yesterday at least this many times the same weekday before.</summary>
    public double StandupPathLatencyRatio { get; set; } = 1.5;

    /// <summary>Stand-up "what changed": a tenant's p95 on a path yesterday at least this many times the same weekday before.</summary>
    public double StandupTenantLatencyRatio { get; set; } = 2;

    /// <summary>Stand-up "what changed": errors yesterday at least this many times the same weekday before …</summary>
    public double StandupErrorRatio { get; set; } = 1.5;

    /// <summary>… and at least this many more errors.</summary>
    public int StandupMinExtraErrors { get; set; } = 20;

    /// <summary>Stand-up "what changed": a log group's volume at least this many times the same weekday before …</summary>
    public double StandupLogVolumeRatio { get; set; } = 2;

    /// <summary>… and at least this many more bytes (small groups double all the time; default 10 MB a day).</summary>
    public long StandupMinExtraLogBytes { get; set; } = 10_000_000;

    /// <summary>Stand-up "what changed": a memory peak at least this many percentage points above the same weekday before.</summary>
    public double StandupMemoryPoints { get; set; } = 10;

    /// <summary>Stand-up "what changed": an AWS service's daily cost at least this many times the same weekday before …</summary>
    public double StandupCostRatio { get; set; } = 1.2;

    /// <summary>… and at least this many more USD.</summary>
    public double StandupMinExtraUsd { get; set; } = 1;

    /// <summary>Region whose ingestion price is used when an environment names none and its cost lines do not tell.</summary>
    public string DefaultRegion { get; set; } = "us-east-1";

    /// <summary>CloudWatch Logs ingestion price per GB by region (USD, standard log class); entries given here override these.</summary>
    public Dictionary<string, double> LogIngestionUsdPerGb { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["us-east-1"] = 0.50,
        ["us-east-2"] = 0.50,
        ["us-west-1"] = 0.50,
        ["us-west-2"] = 0.50,
        ["eu-west-1"] = 0.57,
        ["eu-central-1"] = 0.63,
        ["ap-northeast-1"] = 0.76,
        ["ap-northeast-3"] = 0.76,
        ["ap-southeast-1"] = 0.70,
        ["ap-southeast-2"] = 0.76,
    };

    /// <summary>The general anomaly detector over any series (<c>OpsReport:Analysis:Anomaly</c>): spikes, dips, drops to zero, level shifts, bursts.</summary>
    public AnomalyOptions Anomaly { get; set; } = new();

    /// <summary>SLO states and budget-burn findings (<c>OpsReport:Analysis:Slo</c>).</summary>
    public SloOptions Slo { get; set; } = new();
}
