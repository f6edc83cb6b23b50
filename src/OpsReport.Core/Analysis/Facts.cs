namespace OpsReport.Core.Analysis;

/// <summary>
/// Names of the numbers and labels findings carry (JSON keys of <c>numbers</c>; keys of <c>Labels</c>). The words are
/// rendered from these, so renaming one breaks stored findings and API clients: add, don't rename.
/// </summary>
public static class Facts
{
    // Log volume and DEBUG logging.
    public const string Ratio = "ratio";
    public const string PeakRatio = "peakRatio";
    public const string ExcessPerDay = "excessPerDay";
    public const string UsualPerDay = "usualPerDay";
    public const string ExcessGbPerDay = "excessGbPerDay";
    public const string UsdPerDay = "usdPerDay";
    public const string UsdPerMonth = "usdPerMonth";
    public const string PricePerGb = "pricePerGb";
    public const string DebugShare = "debugShare";
    public const string DebugShareBefore = "debugShareBefore";
    public const string HighHours = "highHours";
    public const string LinkedCostBefore = "costBeforeUsdPerDay";
    public const string LinkedCostNow = "costNowUsdPerDay";

    // Memory.
    public const string SlopePerDay = "slopePerDay";
    public const string CurrentPercent = "currentPercent";
    public const string PeakPercent = "peakPercent";
    public const string ThresholdPercent = "thresholdPercent";
    public const string DaysToLimit = "daysToLimit";
    public const string LimitAt = "limitAtUnix";
    public const string Restarts = "restarts";
    public const string MannKendallZ = "mannKendallZ";
    public const string LongestRunHours = "longestRunHours";

    // Latency.
    public const string P95Now = "p95NowMs";
    public const string P95Before = "p95BeforeMs";
    public const string P95Others = "p95OthersMs";
    public const string OthersRatio = "othersRatio";
    public const string OthersChange = "othersChange";
    public const string Requests = "requests";
    public const string Tenants = "tenants";
    public const string TenantsRegressed = "tenantsRegressed";
    public const string ErrorRatio = "errorRatio";
    public const string DayStart = "dayUnix";

    // Cost.
    public const string UsdPerDayBefore = "usdPerDayBefore";
    public const string UsdPerDayNow = "usdPerDayNow";
    public const string UsdPerMonthChange = "usdPerMonthChange";
    public const string WeekOverWeek = "weekOverWeekUsd";
    public const string DayOverDay = "dayOverDayUsd";
    public const string ShareOfChange = "shareOfChange";
    public const string GrowthUsdPerDayPerDay = "growthUsdPerDayPerDay";
    public const string BucketGb = "bucketGb";
    public const string BucketGbPerDay = "bucketGbPerDay";
    public const string LogGroupGbPerDayBefore = "logGroupGbPerDayBefore";
    public const string LogGroupGbPerDayNow = "logGroupGbPerDayNow";
    public const string IsNewLine = "newLine";

    // Coverage.
    public const string LastSeen = "lastSeenUnix";
    public const string Count = "count";

    // General anomalies (any series).
    public const string AnomalyBaseline = "usual";
    public const string AnomalyLevel = "level";
    public const string AnomalyPeak = "peak";
    public const string AnomalyZ = "z";
    public const string AnomalyMinutes = "minutes";

    // Labels.
    public const string LabelLogGroup = "logGroup";
    public const string LabelUnit = "unit";
    public const string LabelRegion = "region";
    public const string LabelLevelSource = "levelSource";
    public const string LabelPattern = "pattern";
    public const string LabelCostLine = "costLine";
    public const string LabelAccount = "account";
    public const string LabelService = "service";
    public const string LabelPath = "path";
    public const string LabelTenant = "tenant";
    public const string LabelTenantName = "tenantName";
    public const string LabelPaths = "paths";
    public const string LabelAwsService = "awsService";
    public const string LabelUsageType = "usageType";
    public const string LabelBucket = "bucket";
    public const string LabelCoverage = "coverage";
    public const string LabelDetail = "detail";

    /// <summary>SLO coverage findings: the SLO's name, titles, service and path ("api /x", or "*"), and latency threshold in ms.</summary>
    public const string LabelSlo = "slo";
    public const string LabelSloTitle = "slo_title";
    public const string LabelSloTitleJa = "slo_title_ja";
    public const string LabelSloScope = "slo_scope";
    public const string LabelSloThresholdMs = "slo_threshold_ms";
    public const string LabelBaseline = "baseline";
    public const string LabelMetric = "metric";
    public const string LabelShape = "shape";
    public const string LabelDirection = "direction";
}
