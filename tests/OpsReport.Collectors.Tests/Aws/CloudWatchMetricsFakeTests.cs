using System.Globalization;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary>What moto cannot show: percentile statistics, paging of partial data, throttling, and the 500-query batches.</summary>
public sealed class CloudWatchMetricsFakeTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Collect_AccessDeniedAfterDiscovery_CountsTheRequestsTheFailedRunSent()
    {
        await using var server = await FakeAwsServer.StartAsync(r => r.Action switch
        {
            "ListMetrics" => ListMetrics(r, "AWS/Logs", "IncomingBytes", [[("LogGroupName", "/ecs/api")]], pageSize: 500),
            _ => FakeResponse.Error(400, "AccessDeniedException", "not authorized to perform: cloudwatch:GetMetricData"),
        });
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a => a.Namespaces = ["AWS/Logs"]);

        var summary = await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1));

        Assert.NotEmpty(summary.Failures);
        Assert.True(server.Requests.Count >= 2, "discovery and the denied call were sent");
        Assert.Equal(server.Requests.Count, summary.ApiCalls);
        var failed = await host.Store.GetRunsAsync("prod");
        Assert.Equal(server.Requests.Count, failed.Where(run => run.Status == RunStatus.Failed).Sum(run => run.Usage.ApiCalls));
    }

    [Fact]
    public async Task Collect_1200DiscoveredMetricsOverTwoDays_ThreeGetMetricDataCallsEachMetricOnce()
    {
        var groups = Enumerable.Range(0, 1200).Select(i => $"/ecs/service-{i:0000}").ToList();
        var batchSizes = new List<int>();
        await using var server = await FakeAwsServer.StartAsync(r =>
        {
            switch (r.Action)
            {
                case "ListMetrics":
                    return ListMetrics(r, "AWS/Logs", "IncomingBytes", groups.Select(g => new[] { ("LogGroupName", g) }).ToList(), pageSize: 500);
                case "GetMetricData":
                    lock (batchSizes)
                        batchSizes.Add(r.Body.GetProperty("MetricDataQueries").GetArrayLength());
                    return MetricData(r, _ => 1000);
                default:
                    return FakeResponse.Error(400, "UnknownOperationException", r.Action);
            }
        });
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a => a.Namespaces = ["AWS/Logs"]);

        var summary = await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(2));

        Assert.Empty(summary.Failures);
        // Two days are one window: 48 points per metric, so 500 metrics fit in a call.
        Assert.Equal(3, server.Count("GetMetricData"));
        Assert.Equal([200, 500, 500], batchSizes.Order());
        Assert.Equal(1200, summary.MetricsRequested);
        Assert.Equal(1200 * 0.00001m + (server.Count("ListMetrics") * 0.00001m), summary.EstimatedUsd);
        Assert.Equal(server.Requests.Count, summary.ApiCalls);
        Assert.Equal(1200, (await host.Store.FindSeriesAsync(new SeriesFilter(Metrics.LogBytes, Resolution.Hour, (Dims.LogGroup, SeriesFilter.Any)))).Count);
    }

    [Fact]
    public async Task Collect_LoadBalancerLatency_HourlyPercentilesInMsPlusExactDayAndWeekPercentiles()
    {
        await using var server = await FakeAwsServer.StartAsync(r => r.Action switch
        {
            "ListMetrics" => r.Body.GetProperty("Namespace").GetString() == "AWS/ApplicationELB"
                ? ListMetrics(r, "AWS/ApplicationELB", r.Body.GetProperty("MetricName").GetString()!, [[("LoadBalancer", "app/shop-alb/50dc6c495c0c9188")], [("LoadBalancer", "app/shop-alb/50dc6c495c0c9188"), ("AvailabilityZone", "ap-northeast-1a")]])
                : ListMetrics(r, "x", "x", []),
            // Seconds, as CloudWatch reports TargetResponseTime: p50 0.1, p95 0.5, p99 0.9; day and week periods slower.
            "GetMetricData" => MetricData(r, q => q.Stat switch
            {
                "p50" => 0.1,
                "p95" => q.Period == 3600 ? 0.5 : q.Period == 86_400 ? 0.6 : 0.7,
                "p99" => 0.9,
                _ => 120,
            }),
            _ => FakeResponse.Error(400, "UnknownOperationException", r.Action),
        });
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a => a.Namespaces = ["AWS/ApplicationELB"]);

        // Monday 2026-11-16 00:00Z to Tuesday 00:00Z holds the end of the Tokyo day of the 16th (15:00Z).
        var summary = await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1));

        Assert.Empty(summary.Failures);
        var path = (Dims.Path, "shop-alb (load balancer, all paths)");
        var window = new TimeWindow(Day.AddDays(-8), Day.AddDays(1));
        var p95 = Assert.Single(await host.Store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"), path, (Dims.Service, "shop-alb")), window));
        Assert.Equal(24, p95.Points.Count);
        Assert.All(p95.Points, p => Assert.Equal(500, p.Value, 6));
        var requests = Assert.Single(await host.Store.QueryAsync(new SeriesFilter(Metrics.Requests, Resolution.Hour, (Dims.Env, "prod"), path), window));
        Assert.All(requests.Points, p => Assert.Equal(120, p.Value));

        // The Tokyo day 2026-11-16 (15:00Z on the 15th to 15:00Z on the 16th), asked of CloudWatch as one 86,400 s period.
        var day = Assert.Single(await host.Store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Day, (Dims.Env, "prod"), path), window));
        Assert.Equal([new Point(new DateTimeOffset(2026, 11, 15, 15, 0, 0, TimeSpan.Zero), 600)], day.Points);
        Assert.Contains(server.Requests, r => r.Action == "GetMetricData" && r.Body.GetProperty("StartTime").GetInt64() == new DateTimeOffset(2026, 11, 15, 15, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()
            && r.Body.GetProperty("MetricDataQueries").EnumerateArray().All(q => q.GetProperty("MetricStat").GetProperty("Period").GetInt32() == 86_400 && q.GetProperty("MetricStat").GetProperty("Stat").GetString()!.StartsWith('p')));
        // The ISO week ending Monday 2026-11-16 00:00 Tokyo (Sunday 15:00Z) is not in this window; collect it too.
        await host.CollectAsync(host.CloudWatch, Day.AddDays(-1), Day);
        var week = Assert.Single(await host.Store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Week, (Dims.Env, "prod"), path), window));
        Assert.Equal([new Point(new DateTimeOffset(2026, 11, 8, 15, 0, 0, TimeSpan.Zero), 700)], week.Points);
    }

    [Fact]
    public async Task Collect_PartialDataWithNextToken_PagesUntilComplete()
    {
        await using var server = await FakeAwsServer.StartAsync(r => r.Action switch
        {
            "ListMetrics" => ListMetrics(r, "AWS/ECS", "MemoryUtilization", [[("ClusterName", "prod"), ("ServiceName", "api")]]),
            "GetMetricData" => r.Body.TryGetProperty("NextToken", out _)
                ? MetricData(r, _ => 42, hours: h => h >= 12)
                : MetricData(r, _ => 42, hours: h => h < 12, status: "PartialData", nextToken: "page-2"),
            _ => FakeResponse.Error(400, "UnknownOperationException", r.Action),
        });
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a => a.Namespaces = ["AWS/ECS"]);

        var summary = await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1));

        Assert.Empty(summary.Failures);
        Assert.Equal(2, server.Count("GetMetricData"));
        Assert.Equal("page-2", server.Requests.Last(r => r.Action == "GetMetricData").Body.GetProperty("NextToken").GetString());
        var memory = Assert.Single(await host.Store.QueryAsync(new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Service, "prod/api")), new TimeWindow(Day, Day.AddDays(1))));
        Assert.Equal(24, memory.Points.Count);
        Assert.Equal((await host.Store.GetRunsAsync("prod")).Select(r => RunStatus.Succeeded), (await host.Store.GetRunsAsync("prod")).Select(r => r.Status));
    }

    [Fact]
    public async Task Collect_PartialDataWithoutNextToken_KeepsWhatCameBackAndRecordsAFailedRun()
    {
        await using var server = await FakeAwsServer.StartAsync(r => r.Action switch
        {
            "ListMetrics" => ListMetrics(r, "AWS/ECS", "MemoryUtilization", [[("ClusterName", "prod"), ("ServiceName", "api")]]),
            "GetMetricData" => MetricData(r, _ => 42, hours: h => h is < 5 or > 8, status: "PartialData"),
            _ => FakeResponse.Error(400, "UnknownOperationException", r.Action),
        });
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a => a.Namespaces = ["AWS/ECS"]);

        var summary = await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1));

        var memory = Assert.Single(await host.Store.QueryAsync(new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Service, "prod/api")), new TimeWindow(Day, Day.AddDays(1))));
        Assert.Equal(20, memory.Points.Count);
        Assert.DoesNotContain(memory.Points, p => p.Timestamp.Hour is >= 5 and <= 8);
        var run = Assert.Single(await host.Store.GetRunsAsync("prod"));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("PartialData (gap kept): AWS/ECS MemoryUtilization Maximum", run.Error);
        Assert.Single(summary.Failures);

        // A partial window is not complete: the next run asks again.
        await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1));
        Assert.Equal(2, server.Count("GetMetricData"));
    }

    [Fact]
    public async Task Collect_ThrottlingStorm_RetriesAndCountsEveryRequestTheServerSaw()
    {
        var throttled = 0;
        await using var server = await FakeAwsServer.StartAsync(r =>
        {
            if (r.Action == "GetMetricData" && Interlocked.Increment(ref throttled) <= 4)
                return FakeResponse.Error(400, "Throttling", "Rate exceeded");
            return r.Action == "ListMetrics"
                ? ListMetrics(r, "AWS/ECS", "MemoryUtilization", [[("ClusterName", "prod"), ("ServiceName", "api")]])
                : MetricData(r, _ => 42);
        });
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a => a.Namespaces = ["AWS/ECS"]);

        var summary = await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1));

        Assert.Empty(summary.Failures);
        Assert.Equal(5, server.Count("GetMetricData"));
        Assert.Equal(server.Requests.Count, summary.ApiCalls);
        // Throttled requests are not billed: one successful request of one metric.
        Assert.Equal(1, summary.MetricsRequested);
        Assert.Equal(24, summary.PointsWritten);
    }

    [Fact]
    public async Task Collect_MissingPermission_FailsWithOneLineNamingEnvironmentAndAction()
    {
        await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Error(400, "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/OpsReport/opsreport-prod is not authorized to perform: cloudwatch:ListMetrics"));
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a => a.Namespaces = ["AWS/ECS"]);

        var summary = await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1));

        var failure = Assert.Single(summary.Failures);
        Assert.StartsWith("cloudwatch/prod/metrics: prod: cloudwatch:ListMetrics denied (AccessDeniedException: ", failure);
        Assert.EndsWith("allow cloudwatch:ListMetrics in the IAM policy (README, Connect AWS).", failure);
        Assert.Single(server.Requests);
    }

    internal static FakeResponse ListMetrics(FakeRequest r, string ns, string name, IReadOnlyList<(string Name, string Value)[]> dimensionSets, int pageSize = 500)
    {
        if (r.Body.TryGetProperty("MetricName", out var wanted) && wanted.GetString() != name)
            return FakeResponse.Json(new { Metrics = Array.Empty<object>() });
        var start = r.Body.TryGetProperty("NextToken", out var token) ? int.Parse(token.GetString()!, CultureInfo.InvariantCulture) : 0;
        var page = dimensionSets.Skip(start).Take(pageSize)
            .Select(d => new { Namespace = ns, MetricName = name, Dimensions = d.Select(x => new { x.Name, x.Value }).ToArray() }).ToArray();
        var next = start + pageSize < dimensionSets.Count ? (start + pageSize).ToString(CultureInfo.InvariantCulture) : null;
        return next is null ? FakeResponse.Json(new { Metrics = page }) : FakeResponse.Json(new { Metrics = page, NextToken = next });
    }

    /// <summary>A GetMetricData answer with one value per period from StartTime to EndTime (only the hours chosen).</summary>
    internal static FakeResponse MetricData(FakeRequest r, Func<(string Stat, int Period), double> value, Func<int, bool>? hours = null, string status = "Complete", string? nextToken = null)
    {
        var start = r.Body.GetProperty("StartTime").GetInt64();
        var end = r.Body.GetProperty("EndTime").GetInt64();
        var results = new List<object>();
        foreach (var q in r.Body.GetProperty("MetricDataQueries").EnumerateArray())
        {
            var stat = q.GetProperty("MetricStat");
            var period = stat.GetProperty("Period").GetInt32();
            var timestamps = new List<long>();
            for (var t = start; t < end; t += period)
            {
                if (hours is null || hours(DateTimeOffset.FromUnixTimeSeconds(t).Hour))
                    timestamps.Add(t);
            }
            var v = value((stat.GetProperty("Stat").GetString()!, period));
            results.Add(new { Id = q.GetProperty("Id").GetString(), Label = "x", Timestamps = timestamps, Values = timestamps.Select(_ => v).ToList(), StatusCode = status });
        }
        return nextToken is null
            ? FakeResponse.Json(new { MetricDataResults = results, Messages = Array.Empty<object>() })
            : FakeResponse.Json(new { MetricDataResults = results, NextToken = nextToken });
    }
}
