using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Analysis;

/// <summary>Coverage over what the CloudWatch source collected from moto: only services that have memory are asked for it.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsCoverageMotoTests(MotoServer moto)
{
    private static readonly DateTimeOffset Day = new DateTimeOffset(AwsTestHost.Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1);

    [Fact]
    public async Task Detect_LambdaAndLoadBalancerMetricsWithoutMemory_NoMemoryCoverageForThem()
    {
        const string region = "eu-north-1";
        await SeedAsync(region);
        await using var host = await AwsTestHost.CreateAsync(moto.Endpoint, region, moto.Admin);
        var summary = await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1));
        Assert.True(summary.Failures.Count == 0, string.Join("; ", summary.Failures));
        Assert.NotEmpty(await host.Store.FindSeriesAsync(new Core.Storage.SeriesFilter(Metrics.Requests, Resolution.Hour, (Dims.Path, AggregatePaths.LambdaFunction("invoice-render")))));
        Assert.NotEmpty(await host.Store.FindSeriesAsync(new Core.Storage.SeriesFilter(Metrics.Requests, Resolution.Hour, (Dims.Path, AggregatePaths.LoadBalancer("shop-alb")))));

        var (findings, _) = await host.Analysis().DetectAsync(new EnvironmentCatalog(host.Options).Find("prod")!, AwsTestHost.Now, CancellationToken.None);

        Assert.DoesNotContain(findings, f => f.Kind == FindingKind.Coverage && f.Labels[Facts.LabelCoverage] == "memory-services");
    }

    [Fact]
    public async Task Detect_ApplicationServiceWithoutMemoryBesideLambdas_OnlyThatServiceListed()
    {
        const string region = "eu-south-1";
        await SeedAsync(region);
        await using var host = await AwsTestHost.CreateAsync(moto.Endpoint, region, moto.Admin);
        await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1));
        // An APM service (as the Datadog source writes it) with requests and no memory series anywhere.
        var key = new SeriesKey(Metrics.Requests, Resolution.Hour, (Dims.Env, "prod"), (Dims.Service, "billing-api"), (Dims.Path, "/api/invoices"));
        await host.Store.CommitAsync([new SeriesPoints(key, [new Point(Day.AddHours(2), 120)])]);

        var (findings, _) = await host.Analysis().DetectAsync(new EnvironmentCatalog(host.Options).Find("prod")!, AwsTestHost.Now, CancellationToken.None);

        var coverage = Assert.Single(findings, f => f.Kind == FindingKind.Coverage && f.Labels[Facts.LabelCoverage] == "memory-services");
        Assert.Equal("billing-api", coverage.Labels[Facts.LabelDetail]);
        Assert.Equal(1, coverage.Numbers[Facts.Count]);
    }

    /// <summary>Two Lambda functions, a load balancer and an ECS service with memory, six hours of each (counts only: moto has no percentiles).</summary>
    private async Task SeedAsync(string region)
    {
        var data = new List<(string Namespace, string Name, (string, string)[] Dims, DateTimeOffset Time, double Value)>();
        for (var h = 0; h < 6; h++)
        {
            var t = Day.AddHours(h);
            data.Add(("AWS/Lambda", "Invocations", [("FunctionName", "invoice-render")], t.AddMinutes(3), 40));
            data.Add(("AWS/Lambda", "Invocations", [("FunctionName", "thumbnailer")], t.AddMinutes(7), 300));
            data.Add(("AWS/ApplicationELB", "RequestCount", [("LoadBalancer", "app/shop-alb/50dc6c495c0c9188")], t.AddMinutes(5), 5000));
            data.Add(("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", [("LoadBalancer", "app/shop-alb/50dc6c495c0c9188")], t.AddMinutes(5), 3));
            data.Add(("AWS/ECS", "MemoryUtilization", [("ClusterName", "prod"), ("ServiceName", "shop")], t.AddMinutes(5), 55));
        }
        await moto.PutMetricDataAsync(region, data);
    }
}
