using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>
/// Daily cost lines as Cost Explorer reports them (UTC days, unblended USD, ap-northeast-1 list prices) and daily bucket
/// sizes. Log ingestion and S3 storage are derived from the same log and bucket models the other streams use, so a
/// log-volume spike and a growing bucket show up on the bill by the same amount.
/// </summary>
internal sealed class DemoCost
{
    public const string LogIngestionUsageType = "APN1-DataProcessing-Bytes";
    public const string StorageUsageType = "APN1-TimedStorage-ByteHrs";

    // ap-northeast-1 on-demand list prices (USD).
    private const double CloudWatchIngestionPerGb = 0.76;
    private const double S3StandardPerGbMonth = 0.025;
    private const double FargateVcpuHour = 0.05056;
    private const double FargateGbHour = 0.00553;
    private const double LambdaGbSecond = 0.0000166667;
    private const double GiB = 1024.0 * 1024 * 1024;

    private readonly DemoEnvironment _env;
    private readonly DemoLogs _logs;
    private readonly IReadOnlyList<DemoBucket> _buckets;
    private readonly Line[] _lines;

    public DemoCost(DemoEnvironment env, DemoLogs logs)
    {
        _env = env;
        _logs = logs;
        _buckets = DemoCatalog.BucketsOf(env.Name);
        var prod = env.Role == DemoEnvironmentRole.Production;
        _lines =
        [
            new("AmazonECS", "APN1-Fargate-vCPU-Hours:perCPU", day => VcpuHours(day) * FargateVcpuHour),
            new("AmazonECS", "APN1-Fargate-GB-Hours", day => VcpuHours(day) * 2 * FargateGbHour),
            prod
                ? new("AmazonEC2", "APN1-BoxUsage:m6i.large", _ => 3 * 24 * 0.124)
                : new("AmazonEC2", "APN1-BoxUsage:t3.medium", _ => 24 * 0.0544),
            prod
                ? new("AmazonRDS", "APN1-Multi-AZUsage:db.r6g.large", _ => 24 * 0.626)
                : new("AmazonRDS", "APN1-InstanceUsage:db.t4g.medium", _ => 24 * 0.113),
            // billing-sync runs once a minute for about two seconds with 1 GB of memory.
            new("AWSLambda", "APN1-Lambda-GB-Second", _ => 1440 * 2.2 * 1.0 * LambdaGbSecond),
            new("AmazonCloudWatch", LogIngestionUsageType, LogIngestionUsd),
            new("AmazonS3", StorageUsageType, StorageUsd),
        ];
    }

    /// <summary>Cost lines and bucket sizes for the UTC days [firstDay, endDay) (days since the Unix epoch).</summary>
    public SourceBatch Collect(long firstDay, long endDay)
    {
        var builder = new SeriesBatchBuilder();
        foreach (var line in _lines)
        {
            var series = builder.Register(new SeriesKey(Metrics.CostDaily, Resolution.Day,
                (Dims.Env, _env.Name), (Dims.Account, _env.Account), (Dims.AwsService, line.AwsService), (Dims.UsageType, line.UsageType)), (int)(endDay - firstDay));
            var stream = DemoRandom.Stream(_env.Seed, $"cost|{_env.Name}|{line.AwsService}|{line.UsageType}");
            for (var day = firstDay; day < endDay; day++)
            {
                // Fixed-price lines still move a little: partial hours, rounding and credits on the real bill.
                var usd = line.DailyUsd(day) * Math.Exp(0.01 * DemoRandom.Normal(stream, day, 0));
                builder.Add(series, DayStart(day), Math.Round(usd, 4));
            }
        }
        foreach (var bucket in _buckets)
        {
            var series = builder.Register(new SeriesKey(Metrics.BucketSize, Resolution.Day, (Dims.Env, _env.Name), (Dims.Bucket, bucket.Name)), (int)(endDay - firstDay));
            for (var day = firstDay; day < endDay; day++)
                builder.Add(series, DayStart(day), Math.Round(BucketGb(bucket, day) * GiB));
        }
        return new SourceBatch(builder.Build(), ApiUsage.None, []);
    }

    private static DateTimeOffset DayStart(long day) => DateTimeOffset.FromUnixTimeSeconds(day * 86_400);

    private double VcpuHours(long day)
    {
        // Fargate tasks scale out with load: a floor of always-on tasks plus more in busy hours.
        var (floor, perLoad) = _env.Role == DemoEnvironmentRole.Production ? (10.0, 14.0) : (2.0, 2.0);
        var sum = 0.0;
        for (var hour = day * 24; hour < (day + 1) * 24; hour++)
            sum += floor + (perLoad * _env.Demand(hour));
        return sum;
    }

    private double LogIngestionUsd(long day) => _logs.TotalBytes(day * 24, (day + 1) * 24) / GiB * CloudWatchIngestionPerGb;

    private double StorageUsd(long day)
    {
        var date = DateOnly.FromDateTime(DayStart(day).UtcDateTime);
        var gb = _buckets.Sum(b => BucketGb(b, day));
        return gb * S3StandardPerGbMonth / DateTime.DaysInMonth(date.Year, date.Month);
    }

    private double BucketGb(DemoBucket bucket, long day)
    {
        var at = DayStart(day);
        var stream = DemoRandom.Stream(_env.Seed, $"bucket|{_env.Name}|{bucket.Name}");
        // Growth is measured from a fixed origin so a bucket's size does not depend on the collected window.
        var origin = bucket.GrowsSinceIncident ? _env.Incidents.BucketGrowthStart : _env.Incidents.Anchor.AddDays(-90);
        var days = Math.Max(0, (at - origin).TotalDays);
        var noiseGb = Math.Max(0.05, bucket.BaseGb * 0.002);
        return bucket.BaseGb + (bucket.GrowthGbPerDay * days) + (noiseGb * DemoRandom.Normal(stream, day, 0));
    }

    private sealed record Line(string AwsService, string UsageType, Func<long, double> DailyUsd);
}
