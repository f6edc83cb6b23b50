using System.Text.Json;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Time;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary>
/// GetMetricData bills every metric of every call (each page included): counted at the endpoint, a 35-day backfill
/// asks for each metric once, in calls that stay within 100,800 points, and a pass with no new data makes at most two
/// calls, with discovery reused from the store by a new process.
/// </summary>
public sealed class CloudWatchMetricRequestsTests(ITestOutputHelper output)
{
    private const string LoadBalancer = "app/shop-alb/50dc6c495c0c9188";

    [Fact]
    public async Task Collect_35DayBackfillThenQuietPass_EachMetricOncePerCallAndAtMostTwoCallsAfter()
    {
        var services = Enumerable.Range(0, 150).Select(i => new[] { ("ClusterName", "prod"), ("ServiceName", $"svc-{i:000}") }).ToList();
        await using var server = await FakeAwsServer.StartAsync(r => r.Action switch
        {
            "ListMetrics" => r.Body.GetProperty("Namespace").GetString() == "AWS/ECS"
                ? CloudWatchMetricsFakeTests.ListMetrics(r, "AWS/ECS", "MemoryUtilization", services)
                : CloudWatchMetricsFakeTests.ListMetrics(r, "AWS/ApplicationELB", r.Body.GetProperty("MetricName").GetString()!, [[("LoadBalancer", LoadBalancer)]]),
            "GetMetricData" => CloudWatchMetricsFakeTests.MetricData(r, q => q.Stat.StartsWith('p') ? 0.2 : 40),
            _ => FakeResponse.Error(400, "UnknownOperationException", r.Action),
        });
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a => a.Namespaces = ["AWS/ECS", "AWS/ApplicationELB"]);
        host.Options.Collection.BackfillDays = 35;

        var backfill = await host.Runner(host.CloudWatch).RunOnceAsync(new CollectionRequest("cloudwatch", "prod"), null, CancellationToken.None);

        Assert.Empty(backfill.Failures);
        var calls = server.Requests.Where(r => r.Action == "GetMetricData").Select(Call.Of).ToList();
        foreach (var call in calls)
            output.WriteLine($"GetMetricData {call.Start:O}..{call.End:O} period {call.Period} s: {call.Metrics.Count} metrics, {call.Points} points");
        // 150 memory + 5 load-balancer queries hourly over 840 hours: 120 per call fit in 100,800 points, so two calls.
        var hourly = calls.Where(c => c.Period == 3600).ToList();
        Assert.Equal(2, hourly.Count);
        Assert.Single(hourly.Select(c => (c.Start, c.End)).Distinct());
        Assert.Equal(TimeSpan.FromDays(35), hourly[0].End - hourly[0].Start);
        Assert.All(calls, c => Assert.InRange(c.Points, 1, CloudWatchClient.MaxPointsPerCall));
        Assert.DoesNotContain(server.Requests, r => r.Body.TryGetProperty("NextToken", out _));
        // Each metric and statistic once per period length: no metric asked twice for the same range.
        Assert.All(calls.GroupBy(c => c.Period), g => Assert.Equal(g.Sum(c => c.Metrics.Count), g.SelectMany(c => c.Metrics).Distinct().Count()));
        Assert.Equal(155, hourly.Sum(c => c.Metrics.Count));
        // Day and week percentiles of the load balancer: every day and every week in one call, counted from a Monday.
        var rollups = Assert.Single(calls, c => c.Period != 3600);
        var periods = server.Requests.Where(r => r.Action == "GetMetricData").Select(r => r.Body.GetProperty("MetricDataQueries"))
            .Single(q => q[0].GetProperty("MetricStat").GetProperty("Period").GetInt32() != 3600).EnumerateArray()
            .Select(q => q.GetProperty("MetricStat").GetProperty("Period").GetInt32()).ToList();
        Assert.Equal([86_400, 86_400, 86_400, 604_800, 604_800, 604_800], periods.Order());
        var calendar = new ZoneCalendar("Asia/Tokyo");
        Assert.Equal(calendar.WeekOf(rollups.Start).Start, rollups.Start);
        Assert.Equal(calendar.DayOf(AwsTestHost.Now).Start, rollups.End);
        Assert.Equal(calls.Sum(c => c.Metrics.Count), backfill.MetricsRequested);
        Assert.Equal(4, server.Count("ListMetrics"));
        output.WriteLine($"backfill: {backfill}");

        // An hour later, a new process (a new source on the same store): discovery comes from the store, and the new
        // hour with the settling hours before it is one call.
        var before = server.Requests.Count;
        host.Time.Advance(TimeSpan.FromHours(1));
        var fresh = new CloudWatchMetricsSource(host.Clients, host.Store, host.Time, calendar);
        var quiet = await host.Runner(fresh).RunOnceAsync(new CollectionRequest("cloudwatch", "prod"), null, CancellationToken.None);

        Assert.Empty(quiet.Failures);
        var after = server.Requests.Skip(before).ToList();
        output.WriteLine($"quiet pass: {string.Join(", ", after.Select(r => r.Action))}; {quiet}");
        Assert.InRange(after.Count, 1, 2);
        Assert.DoesNotContain(after, r => r.Action == "ListMetrics");
        Assert.Equal(after.Count, quiet.ApiCalls);
    }

    private sealed record Call(DateTimeOffset Start, DateTimeOffset End, int Period, List<string> Metrics, long Points)
    {
        public static Call Of(FakeRequest r)
        {
            var start = DateTimeOffset.FromUnixTimeSeconds(r.Body.GetProperty("StartTime").GetInt64());
            var end = DateTimeOffset.FromUnixTimeSeconds(r.Body.GetProperty("EndTime").GetInt64());
            var queries = r.Body.GetProperty("MetricDataQueries").EnumerateArray().Select(q => q.GetProperty("MetricStat")).ToList();
            var period = queries.Min(q => q.GetProperty("Period").GetInt32());
            var metrics = queries.Select(q => $"{q.GetProperty("Period").GetInt32()} s {q.GetProperty("Stat").GetString()} {JsonSerializer.Serialize(q.GetProperty("Metric"))}").ToList();
            return new Call(start, end, period, metrics, queries.Count * (long)Math.Ceiling((end - start).TotalSeconds / period));
        }
    }
}
