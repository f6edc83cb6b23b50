using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary>
/// A failed request never advances a watermark, for every AWS stream: a regular pass (from the watermark, as the
/// scheduler runs it) with a request failing at the HTTP layer keeps the watermark, and the next pass fetches the window.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class AwsFailedRequestTests(MotoServer moto)
{
    private static readonly DateTimeOffset BackfillStart = CollectionRunner.Floor(AwsTestHost.Now - TimeSpan.FromDays(3), TimeSpan.FromHours(1));

    [Fact]
    public async Task Collect_GetMetricDataQueryInternalError_KeepsTheWatermarkAndFetchesTheWindowNextRun()
    {
        var status = "InternalError";
        await using var server = await FakeAwsServer.StartAsync(r => r.Action switch
        {
            "ListMetrics" => CloudWatchMetricsFakeTests.ListMetrics(r, "AWS/ECS", "MemoryUtilization", [[("ClusterName", "prod"), ("ServiceName", "api")]]),
            "GetMetricData" => CloudWatchMetricsFakeTests.MetricData(r, _ => 42, status: status),
            _ => FakeResponse.Error(400, "UnknownOperationException", r.Action),
        });
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a => a.Namespaces = ["AWS/ECS"]);

        var failed = await PassAsync(host, host.CloudWatch);

        Assert.NotEmpty(failed.Failures);
        Assert.Empty(await host.Store.GetWatermarksAsync());
        Assert.All(await host.Store.GetRunsAsync("prod"), r => Assert.Equal(RunStatus.Failed, r.Status));
        var firstAsked = server.Requests.Where(r => r.Action == "GetMetricData").Select(StartTime).Min();

        status = "Complete";
        var again = await PassAsync(host, host.CloudWatch);

        Assert.Empty(again.Failures);
        Assert.True(server.Requests.Count(r => r.Action == "GetMetricData" && StartTime(r) == firstAsked) >= 2, "the failed window was asked for again");
        await AssertEveryStreamPastAsync(host, host.CloudWatch, firstAsked);
    }

    [Fact]
    public async Task Collect_InsightsQueryTimesOut_KeepsTheWatermarkAndFetchesTheWindowNextRun()
    {
        var insights = new FakeInsights { NeverFinish = true };
        await using var server = await FakeAwsServer.StartAsync(r => r.Action == "DescribeLogGroups"
            ? FakeResponse.Json(new { logGroups = Array.Empty<object>() })
            : insights.Handle(r));
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a =>
        {
            a.LogGroups = ["/ecs/api"];
            a.CostExplorer = false;
            a.TenantField = "";
            a.InsightsQueryTimeout = TimeSpan.FromSeconds(1);
        });
        var latency = host.Logs.GetStreams("prod").Single(s => s.Name == CloudWatchLogsSource.LatencyStream);

        var failed = await PassAsync(host, host.Logs);

        Assert.Contains(failed.Failures, f => f.Contains("still running after 00:00:01; stopped; fetched again next run", StringComparison.Ordinal));
        Assert.Null(await host.Store.GetWatermarkAsync(latency.Id));
        Assert.Equal(RunStatus.Failed, Assert.Single(await host.Store.GetRunsAsync("prod"), r => r.Stream == latency.Name && !r.Window.IsEmpty).Status);
        var firstAsked = insights.Started.Where(Hourly).Min(q => q.Start);
        Assert.Equal(BackfillStart.ToUnixTimeSeconds(), firstAsked);

        insights.NeverFinish = false;
        var again = await PassAsync(host, host.Logs);

        Assert.Empty(again.Failures);
        Assert.True(insights.Started.Count(q => Hourly(q) && q.Start == firstAsked) >= 2, "the failed window's queries were started again");
        Assert.True(await host.Store.GetWatermarkAsync(latency.Id) > BackfillStart.AddDays(1));
    }

    [Fact]
    public async Task Collect_CostExplorerRequestRefused_KeepsTheWatermarkAndFetchesTheWindowNextRun()
    {
        await using var proxy = await CountingProxy.StartAsync(moto.Endpoint);
        await using var host = await AwsTestHost.CreateAsync(proxy.Endpoint, "us-east-1", moto.Admin);
        proxy.FailAction = "GetCostAndUsage";

        var failed = await PassAsync(host, host.Cost);

        Assert.Contains(failed.Failures, f => f.Contains("injected failure", StringComparison.Ordinal));
        Assert.Empty(await host.Store.GetWatermarksAsync());
        var refused = proxy.Count("GetCostAndUsage");
        Assert.True(refused >= 1);

        proxy.FailAction = null;
        var again = await PassAsync(host, host.Cost);

        Assert.Empty(again.Failures);
        Assert.True(proxy.Count("GetCostAndUsage") > refused, "the window was asked for again");
        // The watermark moves only from where the last one stood: past the refused window means it was fetched.
        await AssertEveryStreamPastAsync(host, host.Cost, BackfillStart.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Collect_EcsListClustersRefused_KeepsTheWatermarkAndFetchesTheWindowNextRun()
    {
        await using var proxy = await CountingProxy.StartAsync(moto.Endpoint);
        await using var host = await AwsTestHost.CreateAsync(proxy.Endpoint, "eu-west-3", moto.Admin, a => a.CostExplorer = false);
        proxy.FailAction = "ListClusters";

        var failed = await PassAsync(host, host.Ecs);

        Assert.Contains(failed.Failures, f => f.Contains("injected failure", StringComparison.Ordinal));
        Assert.Empty(await host.Store.GetWatermarksAsync());
        var refused = proxy.Count("ListClusters");

        proxy.FailAction = null;
        var again = await PassAsync(host, host.Ecs);

        Assert.Empty(again.Failures);
        Assert.True(proxy.Count("ListClusters") > refused, "the window was asked for again");
        await AssertEveryStreamPastAsync(host, host.Ecs, BackfillStart.ToUnixTimeSeconds());
    }

    /// <summary>One regular pass of a source (from each watermark to now), as the scheduler and plain <c>collect</c> run it.</summary>
    private static Task<CollectionSummary> PassAsync(AwsTestHost host, ISource source) =>
        host.Runner(source).RunOnceAsync(new CollectionRequest(source.Name, "prod"), null, CancellationToken.None);

    private static async Task AssertEveryStreamPastAsync(AwsTestHost host, ISource source, long failedWindowStart)
    {
        var streams = source.GetStreams("prod");
        Assert.NotEmpty(streams);
        foreach (var stream in streams)
        {
            var watermark = await host.Store.GetWatermarkAsync(stream.Id);
            Assert.True(watermark?.ToUnixTimeSeconds() > failedWindowStart, $"{stream.Id}: watermark {watermark:O} is past the window that failed");
        }
    }

    private static bool Hourly((string QueryString, long Start, long End) query) => query.QueryString.Contains("bin(1h)", StringComparison.Ordinal);

    private static long StartTime(FakeRequest request) => request.Body.GetProperty("StartTime").GetInt64();
}
