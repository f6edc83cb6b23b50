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

    /// <summary>p95 must be at least this many times the same hours a week before.</summary>
    public double LatencyRatio { get; set; } = 1.5;

    /// <summary>Hours with fewer requests say too little about p95 and are skipped.</summary>
    public int LatencyMinRequestsPerHour { get; set; } = 30;

    /// <summary>Hours of data since a change before a latency regression is reported.</summary>
    public int LatencyMinHours { get; set; } = 6;

    /// <summary>A tenant whose p95 is this many times the other tenants' median on the same path (and worse than its own a week before) is slow.</summary>
    public double SlowTenantRatio { get; set; } = 2.0;

    /// <summary>Cost changes smaller than this (USD per month) are not findings.</summary>
    public double CostMinUsdPerMonth { get; set; } = 20;

    /// <summary>Relative change of a cost line (0.2 = 20 %) below which it did not move.</summary>
    public double CostMinChangeRatio { get; set; } = 0.2;

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
}
