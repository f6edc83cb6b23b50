using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Slos;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>
/// SLO counts from Datadog, against the fake (demo data behind it): APM hits and errors per resource are the good and total
/// counts of availability SLOs; without a distribution threshold count, latency SLOs are named by coverage, never guessed.
/// </summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogSloCountTests(DatadogDemoFixture demo, ITestOutputHelper output)
{
    [Fact]
    public async Task Collect_Backfill_ApmHitsAndErrorsPerResourceStoredAsRequestsAndErrorsOfTheRoute()
    {
        var collected = await demo.CollectedAsync();
        var window = new TimeWindow(DemoSetup.Now - TimeSpan.FromDays(35), DemoSetup.Now);

        var compared = 0;
        foreach (var metric in new[] { Metrics.Requests, Metrics.Errors })
        {
            var filter = new SeriesFilter(metric, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, DemoCatalog.SlowPath), (Dims.Tenant, SeriesFilter.Absent));
            var stored = Assert.Single(await collected.Host.Temp.Store.QueryAsync(filter, window));
            var planted = Assert.Single(await demo.Data.Store.QueryAsync(filter, window));
            Assert.Equal(DemoCatalog.ServiceApi, stored.Key[Dims.Service]);
            var byTime = stored.Points.ToDictionary(p => p.Timestamp, p => p.Value);
            foreach (var p in planted.Points)
            {
                Assert.True(byTime.TryGetValue(p.Timestamp, out var v), $"{metric}: no point at {p.Timestamp:O}");
                Assert.Equal(p.Value, v, 0.0011);
                compared++;
            }
        }
        output.WriteLine($"{compared} hourly request and error counts compared");
        Assert.True(compared >= 2 * 34 * 24, $"only {compared} hours compared");
    }

    [Fact]
    public async Task Coverage_DatadogWithoutThresholdCounts_LatencySloNamedAvailabilitySloCounted()
    {
        var collected = await demo.CollectedAsync();
        var keys = new List<SeriesKey>();
        foreach (var metric in new[] { Metrics.Requests, Metrics.Errors, Metrics.RequestsWithinThreshold })
            keys.AddRange(await collected.Host.Temp.Store.FindSeriesAsync(new SeriesFilter(metric, Resolution.Hour, (Dims.Env, "prod")), CancellationToken.None));

        var gaps = SloCoverage.Gaps(
            [
                SloDefinitions.Availability("exports-available", "prod", DemoCatalog.SlowPath, DemoCatalog.ServiceApi),
                SloDefinitions.Latency("exports-fast", "prod", DemoCatalog.SlowPath, TimeSpan.FromSeconds(2), DemoCatalog.ServiceApi),
            ], keys);

        var gap = Assert.Single(gaps);
        Assert.Equal(("exports-fast", SloCoverage.NoThresholdCounts), (gap.Slo.Name, gap.Reason));
    }
}
