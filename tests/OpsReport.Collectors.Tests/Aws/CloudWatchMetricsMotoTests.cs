using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Tests.Aws;

[Collection(MotoCollection.Name)]
public sealed class CloudWatchMetricsMotoTests(MotoServer moto)
{
    private static readonly DateTimeOffset Day = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = Day.AddDays(-1);
    private static readonly DateTimeOffset To = Day.AddDays(1);

    [Fact]
    public async Task Collect_SeededMoto_DiscoversAndFillsStoreWithEveryStatistic()
    {
        const string region = "ap-northeast-1";
        await SeedAsync(region);
        await using var proxy = await CountingProxy.StartAsync(moto.Endpoint);
        await using var host = await AwsTestHost.CreateAsync(proxy.Endpoint, region, moto.Admin);

        var summary = await host.CollectAsync(host.CloudWatch, From, To);

        Assert.Empty(summary.Failures);
        Assert.Equal(proxy.Total, summary.ApiCalls);
        Assert.Equal(2, proxy.Count("GetMetricData"));
        Assert.Equal(proxy.Total - 2, proxy.Count("ListMetrics"));
        // Twelve hourly metrics (eight for memory, logs and Lambda; EC2 CPU, network in and out; RDS CPU) once over the
        // two days (one window), and the bucket once.
        Assert.Equal(12 + 1, summary.MetricsRequested);
        Assert.Equal(summary.MetricsRequested * AwsPricing.PerMetricRequested + (proxy.Count("ListMetrics") * AwsPricing.PerCloudWatchRequest), summary.EstimatedUsd);

        // Maximum of 40+h and 50+h per hour.
        Assert.Equal(new double[] { 50, 51, 52, 53, 54, 55 }, await HourlyAsync(host, Metrics.MemoryUtilization, (Dims.Service, "prod/api")));
        // Sum of 100, 200 and 300 per hour; events 1 + 2 + 3.
        Assert.Equal(new double[] { 600, 600, 600, 600, 600, 600 }, await HourlyAsync(host, Metrics.LogBytes, (Dims.LogGroup, "/aws/lambda/billing-sync-staging")));
        Assert.Equal(new double[] { 6, 6, 6, 6, 6, 6 }, await HourlyAsync(host, Metrics.LogEvents, (Dims.LogGroup, "/aws/lambda/billing-sync-staging")));
        Assert.Equal(new double[] { 30, 30, 30, 30, 30, 30 }, await HourlyAsync(host, Metrics.Requests, (Dims.Path, "billing-sync (Lambda invocations)")));
        Assert.Equal(new double[] { 1, 1, 1, 1, 1, 1 }, await HourlyAsync(host, Metrics.Errors, (Dims.Path, "billing-sync (Lambda invocations)")));
        Assert.Equal(new double[] { 80, 80, 80, 80, 80, 80 }, await HourlyAsync(host, Metrics.MemoryUtilization, (Dims.Service, "web-1")));
        Assert.Equal(new double[] { 61, 61, 61, 61, 61, 61 }, await HourlyAsync(host, Metrics.MemoryUtilization, (Dims.Service, "redis-001/0001")));
        // Minimum of 1 GB and 2 GB free.
        Assert.Equal(new double[] { 1e9, 1e9, 1e9, 1e9, 1e9, 1e9 }, await HourlyAsync(host, CloudWatchMetricCatalog.FreeMemoryBytes, (Dims.Service, "orders-db")));
        // Average CPU per hour; network bytes summed per hour (1000 + 3000 in, 500 + 500 out).
        Assert.Equal(new double[] { 12, 13, 14, 15, 16, 17 }, await HourlyAsync(host, Metrics.CpuUtilization, (Dims.Service, "i-0abc")));
        Assert.Equal(new double[] { 4000, 4000, 4000, 4000, 4000, 4000 }, await HourlyAsync(host, Metrics.NetworkInBytes, (Dims.Service, "i-0abc")));
        Assert.Equal(new double[] { 1000, 1000, 1000, 1000, 1000, 1000 }, await HourlyAsync(host, Metrics.NetworkOutBytes, (Dims.Service, "i-0abc")));
        Assert.Equal(new double[] { 25, 25, 25, 25, 25, 25 }, await HourlyAsync(host, Metrics.CpuUtilization, (Dims.Service, "orders-db")));

        var buckets = await host.Store.QueryAsync(new SeriesFilter(Metrics.BucketSize, Resolution.Day, (Dims.Env, "prod"), (Dims.Bucket, "build-artifacts")), new TimeWindow(From, To));
        var bucket = Assert.Single(buckets);
        Assert.Equal([new Point(From, 5e11), new Point(Day, 5.1e11)], bucket.Points);

        // Breakdowns and other storage classes are not read: they would double count.
        var all = await host.Temp.DumpAsync();
        Assert.DoesNotContain(all, r => r.Key.Contains("service=prod}", StringComparison.Ordinal));
        Assert.DoesNotContain(all, r => r.Key.Contains("web-asg", StringComparison.Ordinal));
        Assert.Equal(2, all.Count(r => r.Key.StartsWith("s3.bucket_size_bytes", StringComparison.Ordinal)));
        Assert.All(all, r => Assert.Contains("env=prod", r.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Collect_SameWindowAgain_CallsNoApiAndAddsNoPoints()
    {
        const string region = "ap-northeast-3";
        await SeedAsync(region);
        await using var proxy = await CountingProxy.StartAsync(moto.Endpoint);
        await using var host = await AwsTestHost.CreateAsync(proxy.Endpoint, region, moto.Admin);
        var first = await host.CollectAsync(host.CloudWatch, From, To);
        var before = await host.Temp.DumpAsync();
        var received = proxy.Total;

        var again = await host.CollectAsync(host.CloudWatch, From, To);

        Assert.Empty(again.Failures);
        Assert.True(first.PointsWritten > 0);
        Assert.Equal(0, again.ApiCalls);
        Assert.Equal(0, again.PointsWritten);
        Assert.Equal(received, proxy.Total);
        Assert.Equal(before, await host.Temp.DumpAsync());
    }

    private static async Task<double[]> HourlyAsync(AwsTestHost host, string metric, (string, string) dimension)
    {
        var series = await host.Store.QueryAsync(new SeriesFilter(metric, Resolution.Hour, (Dims.Env, "prod"), dimension), new TimeWindow(From, To));
        var one = Assert.Single(series);
        Assert.Equal(Enumerable.Range(0, 6).Select(h => Day.AddHours(h)), one.Points.Select(p => p.Timestamp));
        return [.. one.Points.Select(p => p.Value)];
    }

    /// <summary>Six hours of data on <see cref="Day"/>, through PutMetricData (JSON 1.0) as an agent would send it.</summary>
    private async Task SeedAsync(string region)
    {
        var data = new List<(string Namespace, string Name, (string, string)[] Dims, DateTimeOffset Time, double Value)>();
        for (var h = 0; h < 6; h++)
        {
            var t = Day.AddHours(h);
            data.Add(("AWS/ECS", "MemoryUtilization", [("ClusterName", "prod"), ("ServiceName", "api")], t.AddMinutes(5), 40 + h));
            data.Add(("AWS/ECS", "MemoryUtilization", [("ClusterName", "prod"), ("ServiceName", "api")], t.AddMinutes(35), 50 + h));
            data.Add(("AWS/ECS", "MemoryUtilization", [("ClusterName", "prod")], t.AddMinutes(5), 99));
            foreach (var (bytes, events) in new[] { (100, 1), (200, 2), (300, 3) })
            {
                data.Add(("AWS/Logs", "IncomingBytes", [("LogGroupName", "/aws/lambda/billing-sync-staging")], t.AddMinutes(events * 10), bytes));
                data.Add(("AWS/Logs", "IncomingLogEvents", [("LogGroupName", "/aws/lambda/billing-sync-staging")], t.AddMinutes(events * 10), events));
            }
            data.Add(("AWS/Lambda", "Invocations", [("FunctionName", "billing-sync")], t.AddMinutes(1), 10));
            data.Add(("AWS/Lambda", "Invocations", [("FunctionName", "billing-sync")], t.AddMinutes(31), 20));
            data.Add(("AWS/Lambda", "Errors", [("FunctionName", "billing-sync")], t.AddMinutes(31), 1));
            data.Add(("CWAgent", "mem_used_percent", [("InstanceId", "i-0abc"), ("InstanceType", "t3.micro"), ("ImageId", "ami-1"), ("host", "web-1")], t.AddMinutes(2), 70));
            data.Add(("CWAgent", "mem_used_percent", [("host", "web-1")], t.AddMinutes(2), 80));
            data.Add(("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", [("CacheClusterId", "redis-001"), ("CacheNodeId", "0001")], t.AddMinutes(3), 61));
            data.Add(("AWS/RDS", "FreeableMemory", [("DBInstanceIdentifier", "orders-db")], t.AddMinutes(4), 2e9));
            data.Add(("AWS/RDS", "FreeableMemory", [("DBInstanceIdentifier", "orders-db")], t.AddMinutes(44), 1e9));
            data.Add(("AWS/EC2", "CPUUtilization", [("InstanceId", "i-0abc")], t.AddMinutes(4), 12 + h));
            data.Add(("AWS/EC2", "CPUUtilization", [("AutoScalingGroupName", "web-asg")], t.AddMinutes(4), 99));
            data.Add(("AWS/EC2", "NetworkIn", [("InstanceId", "i-0abc")], t.AddMinutes(4), 1000));
            data.Add(("AWS/EC2", "NetworkIn", [("InstanceId", "i-0abc")], t.AddMinutes(34), 3000));
            data.Add(("AWS/EC2", "NetworkOut", [("InstanceId", "i-0abc")], t.AddMinutes(4), 500));
            data.Add(("AWS/EC2", "NetworkOut", [("InstanceId", "i-0abc")], t.AddMinutes(34), 500));
            data.Add(("AWS/RDS", "CPUUtilization", [("DBInstanceIdentifier", "orders-db")], t.AddMinutes(4), 20));
            data.Add(("AWS/RDS", "CPUUtilization", [("DBInstanceIdentifier", "orders-db")], t.AddMinutes(44), 30));
        }
        data.Add(("AWS/S3", "BucketSizeBytes", [("BucketName", "build-artifacts"), ("StorageType", "StandardStorage")], From, 5e11));
        data.Add(("AWS/S3", "BucketSizeBytes", [("BucketName", "build-artifacts"), ("StorageType", "StandardStorage")], Day, 5.1e11));
        data.Add(("AWS/S3", "BucketSizeBytes", [("BucketName", "build-artifacts"), ("StorageType", "StandardIAStorage")], Day, 7e9));

        await moto.PutMetricDataAsync(region, data);
    }
}
