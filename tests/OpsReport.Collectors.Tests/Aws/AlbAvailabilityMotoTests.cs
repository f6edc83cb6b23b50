using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Collectors.Tests.Slos;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary>Availability counts without request logs: the ALB's request and target 5xx counts, from moto.</summary>
[Collection(MotoCollection.Name)]
public sealed class AlbAvailabilityMotoTests(MotoServer moto)
{
    private static readonly DateTimeOffset Day = new(2026, 11, 14, 0, 0, 0, TimeSpan.Zero);
    private static readonly string AlbPath = AggregatePaths.LoadBalancer("shop-alb");

    [Fact]
    public async Task Collect_AlbRequestAnd5xxCounts_StoredAsRequestsAndErrorsOfTheLoadBalancerServiceOnItsOwnPathKey()
    {
        const string region = "eu-west-3";
        var expected = await SeedAsync(region);
        await using var proxy = await CountingProxy.StartAsync(moto.Endpoint);
        await using var host = await AwsTestHost.CreateAsync(proxy.Endpoint, region, moto.Admin, AlbOnly);

        var summary = await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1));

        Assert.Empty(summary.Failures);
        // Both counts in one GetMetricData call, each metric requested once over the window.
        Assert.Equal(1, proxy.Count("GetMetricData"));
        Assert.Equal(2, summary.MetricsRequested);
        Assert.True(AggregatePaths.IsAggregate(AlbPath));
        Assert.Equal(expected.Select(e => e.Requests), await HourlyAsync(host, Metrics.Requests));
        Assert.Equal(expected.Select(e => e.Errors), await HourlyAsync(host, Metrics.Errors));
        // No latency SLO counts from the ALB: its response time comes only as statistics.
        Assert.Empty(await host.Store.FindSeriesAsync(new SeriesFilter(Metrics.RequestsWithinThreshold, Resolution.Hour, (Dims.Env, "prod"))));
    }

    [Fact]
    public async Task Analyze_AlbOnlyService_LatencySloNamedInCoverageAvailabilitySloNot()
    {
        const string region = "eu-south-1";
        await SeedAsync(region);
        await using var host = await AwsTestHost.CreateAsync(moto.Endpoint, region, moto.Admin, AlbOnly);
        Assert.Empty((await host.CollectAsync(host.CloudWatch, Day, Day.AddDays(1))).Failures);
        var slos = new FixedSloReader(
            SloDefinitions.Availability("shop-available", "prod", "*", "shop-alb"),
            SloDefinitions.Latency("shop-fast", "prod", "*", TimeSpan.FromSeconds(1), "shop-alb"),
            SloDefinitions.Latency("staging-fast", "staging", "*", TimeSpan.FromSeconds(1), "shop-alb"));

        var (findings, assessed) = await host.Analysis(slos).DetectAsync(new EnvironmentCatalog(host.Options).Find("prod")!, AwsTestHost.Now, CancellationToken.None);

        var gap = Assert.Single(findings, f => f.Kind == FindingKind.Coverage && f.Labels[Facts.LabelCoverage] == "slo");
        Assert.Equal(CoverageDetector.SloSubject("shop-fast"), gap.Subject);
        Assert.Equal(SloCoverage.LoadBalancerOnly, gap.Labels[Facts.LabelDetail]);
        // Both prod SLOs are assessed, so a gap that closes (counts arrive) resolves its finding.
        Assert.Contains(assessed, id => id.EndsWith(CoverageDetector.SloSubject("shop-available"), StringComparison.Ordinal));
        Assert.Contains(assessed, id => id.EndsWith(CoverageDetector.SloSubject("shop-fast"), StringComparison.Ordinal));
    }

    private static void AlbOnly(AwsEnvironmentOptions a)
    {
        a.Namespaces = ["AWS/ApplicationELB"];
        a.CostExplorer = false;
    }

    /// <summary>Eight hours of per-minute sums as the ALB publishes them, with a bad hour (h = 5); returns the hourly totals.</summary>
    private async Task<List<(double Requests, double Errors)>> SeedAsync(string region)
    {
        var data = new List<(string Namespace, string Name, (string, string)[] Dims, DateTimeOffset Time, double Value)>();
        var expected = new List<(double Requests, double Errors)>();
        for (var h = 0; h < 8; h++)
        {
            var t = Day.AddHours(h);
            double requests = 0, errors = 0;
            foreach (var minute in new[] { 3, 17, 41 })
            {
                var n = 1000 + (h * 10) + minute;
                var bad = h == 5 ? n / 4 : minute % 2;
                data.Add(("AWS/ApplicationELB", "RequestCount", [("LoadBalancer", "app/shop-alb/50dc6c495c0c9188")], t.AddMinutes(minute), n));
                data.Add(("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", [("LoadBalancer", "app/shop-alb/50dc6c495c0c9188")], t.AddMinutes(minute), bad));
                requests += n;
                errors += bad;
            }
            expected.Add((requests, errors));
            // A per-target-group breakdown of the same requests: read, it would double count.
            data.Add(("AWS/ApplicationELB", "RequestCount", [("LoadBalancer", "app/shop-alb/50dc6c495c0c9188"), ("TargetGroup", "targetgroup/web/1")], t.AddMinutes(3), 999_999));
        }
        await moto.PutMetricDataAsync(region, data);
        return expected;
    }

    private static async Task<double[]> HourlyAsync(AwsTestHost host, string metric)
    {
        var series = await host.Store.QueryAsync(new SeriesFilter(metric, Resolution.Hour, (Dims.Env, "prod"), (Dims.Service, "shop-alb"), (Dims.Path, AlbPath)),
            new TimeWindow(Day, Day.AddDays(1)));
        var one = Assert.Single(series);
        Assert.Equal(Enumerable.Range(0, 8).Select(h => Day.AddHours(h)), one.Points.Select(p => p.Timestamp));
        return [.. one.Points.Select(p => p.Value)];
    }
}
