namespace OpsReport.Core.Domain;

/// <summary>Metric names every source writes, so analysis and surfaces treat CloudWatch, Datadog and demo data alike.</summary>
public static class Metrics
{
    /// <summary>Latency percentiles in milliseconds, per path (and tenant when the dimension is present).</summary>
    public const string LatencyP50 = "latency.p50";
    public const string LatencyP95 = "latency.p95";
    public const string LatencyP99 = "latency.p99";

    /// <summary>Request and error counts in the point's period.</summary>
    public const string Requests = "requests";
    public const string Errors = "errors";

    /// <summary>
    /// Requests at or under a latency threshold in the point's period, for latency SLOs; the threshold in whole
    /// milliseconds is the <see cref="Dims.ThresholdMs"/> dimension (invariant culture), the other dimensions are those of
    /// <see cref="Requests"/>. Counted by the source, never derived from stored percentiles.
    /// </summary>
    public const string RequestsWithinThreshold = "requests.within";

    /// <summary>Memory utilization in percent of the limit (0–100).</summary>
    public const string MemoryUtilization = "memory.utilization";

    /// <summary>Log ingestion in bytes and events per period, per log group; an optional <c>level</c> dimension splits events by level.</summary>
    public const string LogBytes = "logs.bytes";
    public const string LogEvents = "logs.events";

    /// <summary>Daily unblended cost in USD per account, AWS service and usage type.</summary>
    public const string CostDaily = "cost.usd";

    /// <summary>Bytes stored in an S3 bucket (daily).</summary>
    public const string BucketSize = "s3.bucket_size_bytes";

    /// <summary>CPU utilization in percent (hourly average), per instance or database.</summary>
    public const string CpuUtilization = "cpu.utilization";

    /// <summary>Network bytes received and sent in the point's period, per instance.</summary>
    public const string NetworkInBytes = "network.in_bytes";
    public const string NetworkOutBytes = "network.out_bytes";

    public static string Percentile(int p) => p switch
    {
        50 => LatencyP50,
        95 => LatencyP95,
        99 => LatencyP99,
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, "Stored latency percentiles are 50, 95 and 99."),
    };

    public static string UnitOf(string metric) => metric switch
    {
        LatencyP50 or LatencyP95 or LatencyP99 => "ms",
        Requests or Errors or RequestsWithinThreshold or LogEvents => "count",
        MemoryUtilization or CpuUtilization => "%",
        LogBytes or BucketSize or NetworkInBytes or NetworkOutBytes => "bytes",
        CostDaily => "USD",
        _ => "",
    };
}

/// <summary>Dimension names used in series keys.</summary>
public static class Dims
{
    public const string Env = "env";
    public const string Service = "service";
    public const string Path = "path";
    public const string Tenant = "tenant";
    public const string LogGroup = "log_group";
    public const string Level = "level";
    public const string Account = "account";
    public const string AwsService = "aws_service";
    public const string UsageType = "usage_type";
    public const string Bucket = "bucket";
    public const string Source = "source";

    /// <summary>Latency threshold in whole milliseconds of a <see cref="Metrics.RequestsWithinThreshold"/> series.</summary>
    public const string ThresholdMs = "le_ms";
}
