using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Which CloudWatch metrics OpsReport reads and how each becomes an OpsReport series, so AWS data lands in the same
/// metrics and dimensions as demo data (latency in ms per path, memory in % per service, log bytes per log group, …).
/// </summary>
public static class CloudWatchMetricCatalog
{
    /// <summary>RDS reports free memory in bytes, not a share of the instance's memory; kept as its own metric.</summary>
    public const string FreeMemoryBytes = "memory.free_bytes";

    public static IReadOnlyList<CloudWatchMapping> All { get; } =
    [
        // ALB: seconds per request over all paths of the load balancer; its own "path" row beside application paths.
        // RequestCount and HTTPCode_Target_5XX_Count (hourly sums) give availability SLOs without request logs, under
        // service = the load balancer's name and the path AggregatePaths.LoadBalancer(name): a distinct key, so an SLO on
        // "*" uses them only where no application path has counts (see AggregatePaths.IsAggregate). No latency SLO
        // counts: CloudWatch gives the ALB's response time as statistics only, and a share under a threshold cannot be
        // recovered from percentiles.
        Latency("AWS/ApplicationELB", "TargetResponseTime", ["LoadBalancer"], 1000, m => LoadBalancerPath(m["LoadBalancer"]!), m => LoadBalancerName(m["LoadBalancer"]!)),
        Count("AWS/ApplicationELB", "RequestCount", ["LoadBalancer"], Metrics.Requests, m => LoadBalancerPath(m["LoadBalancer"]!), m => LoadBalancerName(m["LoadBalancer"]!)),
        Count("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ["LoadBalancer"], Metrics.Errors, m => LoadBalancerPath(m["LoadBalancer"]!), m => LoadBalancerName(m["LoadBalancer"]!)),

        Latency("AWS/Lambda", "Duration", ["FunctionName"], 1, m => FunctionPath(m["FunctionName"]!), m => m["FunctionName"]!),
        Count("AWS/Lambda", "Invocations", ["FunctionName"], Metrics.Requests, m => FunctionPath(m["FunctionName"]!), m => m["FunctionName"]!),
        Count("AWS/Lambda", "Errors", ["FunctionName"], Metrics.Errors, m => FunctionPath(m["FunctionName"]!), m => m["FunctionName"]!),

        Memory("AWS/ECS", "MemoryUtilization", [["ClusterName", "ServiceName"]], m => $"{m["ClusterName"]}/{m["ServiceName"]}"),
        // The agent's dimensions depend on its config (append_dimensions); the instance or host names the machine.
        Memory("CWAgent", "mem_used_percent", [["InstanceId"], ["host"], ["InstanceId", "InstanceType", "ImageId"], ["InstanceId", "InstanceType", "ImageId", "AutoScalingGroupName"]],
            m => m["host"] ?? m["InstanceId"]!),
        Memory("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", [["CacheClusterId"], ["CacheClusterId", "CacheNodeId"]],
            m => m["CacheNodeId"] is { } node ? $"{m["CacheClusterId"]}/{node}" : m["CacheClusterId"]!),
        // The hour's low point of free memory: the moment closest to running out.
        new("AWS/RDS", "FreeableMemory", [["DBInstanceIdentifier"]], [new("Minimum", FreeMemoryBytes, 1)], Resolution.Hour,
            m => [(Dims.Service, m["DBInstanceIdentifier"]!)]),

        // CPU and network for the general anomaly pass: the hour's average CPU, the hour's bytes in and out.
        new("AWS/EC2", "CPUUtilization", [["InstanceId"]], [new("Average", Metrics.CpuUtilization, 1)], Resolution.Hour,
            m => [(Dims.Service, m["InstanceId"]!)]),
        new("AWS/EC2", "NetworkIn", [["InstanceId"]], [new("Sum", Metrics.NetworkInBytes, 1)], Resolution.Hour,
            m => [(Dims.Service, m["InstanceId"]!)]),
        new("AWS/EC2", "NetworkOut", [["InstanceId"]], [new("Sum", Metrics.NetworkOutBytes, 1)], Resolution.Hour,
            m => [(Dims.Service, m["InstanceId"]!)]),
        new("AWS/RDS", "CPUUtilization", [["DBInstanceIdentifier"]], [new("Average", Metrics.CpuUtilization, 1)], Resolution.Hour,
            m => [(Dims.Service, m["DBInstanceIdentifier"]!)]),

        // Cheap log-volume signal: ingestion per log group without scanning any log.
        new("AWS/Logs", "IncomingBytes", [["LogGroupName"]], [new("Sum", Metrics.LogBytes, 1)], Resolution.Hour, m => [(Dims.LogGroup, m["LogGroupName"]!)]),
        new("AWS/Logs", "IncomingLogEvents", [["LogGroupName"]], [new("Sum", Metrics.LogEvents, 1)], Resolution.Hour, m => [(Dims.LogGroup, m["LogGroupName"]!)]),

        // S3 storage metrics are daily and only for the bucket's StandardStorage class here.
        new("AWS/S3", "BucketSizeBytes", [["BucketName", "StorageType"]], [new("Average", Metrics.BucketSize, 1)], Resolution.Day,
            m => [(Dims.Bucket, m["BucketName"]!)], Accept: m => m["StorageType"] == "StandardStorage"),
    ];

    public static IReadOnlyList<string> Namespaces { get; } = All.Select(m => m.Namespace).Distinct().ToList();

    /// <summary>The mapping a listed metric falls under, or null when OpsReport does not read it (other dimension sets included).</summary>
    public static CloudWatchMapping? Find(CloudWatchMetric metric) =>
        All.FirstOrDefault(m => m.Matches(metric));

    /// <summary><c>app/my-alb/50dc6c495c0c9188</c> → <c>my-alb</c>.</summary>
    public static string LoadBalancerName(string dimension)
    {
        var parts = dimension.Split('/');
        return parts.Length >= 3 ? parts[1] : dimension;
    }

    private static string LoadBalancerPath(string dimension) => AggregatePaths.LoadBalancer(LoadBalancerName(dimension));

    private static string FunctionPath(string function) => AggregatePaths.LambdaFunction(function);

    private static CloudWatchMapping Latency(string ns, string name, string[] dims, double scale, Func<CloudWatchMetric, string> path, Func<CloudWatchMetric, string> service) =>
        new(ns, name, [dims],
            [new("p50", Metrics.LatencyP50, scale), new("p95", Metrics.LatencyP95, scale), new("p99", Metrics.LatencyP99, scale)],
            Resolution.Hour, m => [(Dims.Path, path(m)), (Dims.Service, service(m))], PeriodRollups: true);

    private static CloudWatchMapping Count(string ns, string name, string[] dims, string metric, Func<CloudWatchMetric, string> path, Func<CloudWatchMetric, string> service) =>
        new(ns, name, [dims], [new("Sum", metric, 1)], Resolution.Hour, m => [(Dims.Path, path(m)), (Dims.Service, service(m))]);

    // The hour's peak: what decides whether a service runs out of memory; an average hides short spikes.
    private static CloudWatchMapping Memory(string ns, string name, string[][] dimensionSets, Func<CloudWatchMetric, string> service) =>
        new(ns, name, dimensionSets, [new("Maximum", Metrics.MemoryUtilization, 1)], Resolution.Hour, m => [(Dims.Service, service(m))]);
}

/// <summary>
/// How one CloudWatch metric becomes OpsReport series: the dimension sets accepted (exactly; other sets of the same
/// metric are aggregates or breakdowns we would double count), the statistics read, and the series dimensions.
/// </summary>
/// <param name="PeriodRollups">Percentile statistics also fetched per local day and ISO week, since percentiles are never averaged.</param>
public sealed record CloudWatchMapping(
    string Namespace,
    string MetricName,
    IReadOnlyList<string[]> DimensionSets,
    IReadOnlyList<CloudWatchStat> Stats,
    Resolution Resolution,
    Func<CloudWatchMetric, IEnumerable<(string Name, string Value)>> SeriesDimensions,
    bool PeriodRollups = false,
    Func<CloudWatchMetric, bool>? Accept = null)
{
    public bool Matches(CloudWatchMetric metric)
    {
        if (metric.Namespace != Namespace || metric.MetricName != MetricName)
            return false;
        var names = metric.Dimensions.Select(d => d.Name).Order(StringComparer.Ordinal).ToArray();
        return DimensionSets.Any(set => set.Order(StringComparer.Ordinal).SequenceEqual(names, StringComparer.Ordinal))
            && (Accept?.Invoke(metric) ?? true);
    }

    public SeriesKey Key(CloudWatchStat stat, string environment, CloudWatchMetric metric, Resolution resolution) =>
        new(stat.Metric, resolution, SeriesDimensions(metric).Append((Dims.Env, environment)).ToArray());
}

/// <summary>A statistic to request and the OpsReport metric it fills, with the factor to its unit (seconds → ms: 1000).</summary>
public sealed record CloudWatchStat(string Stat, string Metric, double Scale)
{
    public bool IsPercentile => Stat.StartsWith('p');
}
