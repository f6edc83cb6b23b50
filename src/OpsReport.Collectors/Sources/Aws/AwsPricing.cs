namespace OpsReport.Collectors.Sources.Aws;

/// <summary>List prices of the calls OpsReport makes (us-east-1, USD), used to estimate what a collection run costs.</summary>
public static class AwsPricing
{
    /// <summary>GetMetricData: $0.01 per 1,000 metrics requested, never in the free tier.</summary>
    public const decimal PerMetricRequested = 0.01m / 1000;

    /// <summary>ListMetrics and other CloudWatch API requests: $0.01 per 1,000 requests.</summary>
    public const decimal PerCloudWatchRequest = 0.01m / 1000;

    /// <summary>Logs Insights: $0.005 per GB scanned (AWS bills GB as 2^30 bytes).</summary>
    public const decimal PerInsightsGigabyte = 0.005m;

    public const long BytesPerGigabyte = 1L << 30;

    /// <summary>Cost Explorer: $0.01 per request; each page is a request.</summary>
    public const decimal PerCostExplorerRequest = 0.01m;

    public static decimal InsightsScan(long bytes) => bytes * PerInsightsGigabyte / BytesPerGigabyte;
}
