using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>
/// The findings over Datadog data equal those over the same data collected the CloudWatch way (the demo's log groups,
/// level-split series and latency): a planted DEBUG spike and a slow tenant give the same kind of finding, with the
/// DEBUG share asked of Datadog's logs aggregate on demand.
/// </summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogFindingsTests(DatadogDemoFixture demo, ITestOutputHelper output)
{
    [Fact]
    public async Task Analyze_DatadogData_FindsTheDebugSpikeAndTheSlowTenantLikeCloudWatch()
    {
        var collected = await demo.CollectedAsync();
        var host = collected.Host;
        var aggregatesBefore = host.Fake.Count("/api/v2/logs/analytics/aggregate");
        var requestsBefore = host.Fake.Requests.Count;

        var datadog = (await host.Analysis(DemoSetup.Now).RunAsync()).Findings;
        var reference = (await ReferenceAnalysis().RunAsync()).Findings;

        foreach (var f in datadog)
            output.WriteLine($"datadog {f.Environment} {f.Kind} {f.Subject} {f.Severity} since {f.Start:O}: {f.Summary}");
        foreach (var f in reference)
            output.WriteLine($"cloudwatch-like {f.Environment} {f.Kind} {f.Subject} {f.Severity} since {f.Start:O}");

        // DEBUG logging left on in staging's billing-sync: same kind and start, the share from the level split collected
        // with the log volume (no log query while analysing).
        var service = DemoDatadogData.ServiceOf(DemoCatalog.BillingSyncLogGroup("staging"));
        var debug = Assert.Single(datadog, f => f.Environment == "staging" && f.Kind == FindingKind.DebugLogging);
        var debugReference = Assert.Single(reference, f => f.Environment == "staging" && f.Kind == FindingKind.DebugLogging);
        Assert.Equal(service, debug.Subject);
        Assert.Equal(DemoCatalog.BillingSyncLogGroup("staging"), debugReference.Subject);
        Assert.Equal(debugReference.Start, debug.Start);
        Assert.True(debug.Numbers[Facts.DebugShare] >= 0.8, $"DEBUG share {debug.Numbers[Facts.DebugShare]}");
        Assert.Equal(debugReference.Numbers[Facts.DebugShare], debug.Numbers[Facts.DebugShare], 2);
        Assert.True(debug.Numbers[Facts.DebugShareBefore] < 0.05);
        Assert.Equal("level-split series", debug.Labels[Facts.LabelLevelSource]);
        Assert.Contains("DEBUG", debug.Summary, StringComparison.Ordinal);

        // The analysis asked Datadog nothing: the level split was collected, one logs aggregate per window.
        Assert.Equal(aggregatesBefore, host.Fake.Count("/api/v2/logs/analytics/aggregate"));
        output.WriteLine($"requests to Datadog while analysing: {host.Fake.Requests.Count - requestsBefore}");
        Assert.Equal(requestsBefore, host.Fake.Requests.Count);
        Assert.DoesNotContain(await host.Temp.Store.GetRunsAsync("staging", 10_000), r => r.Stream == DatadogLogLevelMixProvider.LevelMixStream);
        var levels = await host.Temp.Store.FindSeriesAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.Env, "staging"), (Dims.LogGroup, service), (Dims.Level, SeriesFilter.Any)));
        Assert.Contains(levels, k => k[Dims.Level] == "DEBUG");

        // The large tenant slow on the export download since the deploy, against the other tenants.
        var slow = Assert.Single(datadog, f => f.Environment == "prod" && f.Kind == FindingKind.SlowTenant);
        var slowReference = Assert.Single(reference, f => f.Environment == "prod" && f.Kind == FindingKind.SlowTenant);
        Assert.Equal(DemoCatalog.SlowTenantId, slow.Subject);
        Assert.Equal(slowReference.Start, slow.Start);
        Assert.Equal("株式会社サクラ物流", slow.Labels[Facts.LabelTenantName]);
        Assert.Equal(DemoCatalog.SlowPath, slow.Labels[Facts.LabelPath]);
        Assert.Equal(slowReference.Numbers[Facts.P95Now], slow.Numbers[Facts.P95Now], 0);

        // And the memory leak, for good measure: the same service, the same trend.
        var leak = Assert.Single(datadog, f => f.Environment == "prod" && f.Kind == FindingKind.MemoryTrend);
        Assert.Equal(DemoCatalog.LeakingService, leak.Subject);
        Assert.Equal(Assert.Single(reference, f => f.Environment == "prod" && f.Kind == FindingKind.MemoryTrend).Start, leak.Start);
    }

    // The same data as CloudWatch-style series (log groups, stored level split): the demo store behind the fake.
    private AnalysisRunner ReferenceAnalysis() =>
        new(demo.Data.Store, new EnvironmentCatalog(demo.DemoOptions), DemoSetup.Wrap(demo.DemoOptions), demo.Data.Calendar, new TenantDirectory(demo.Data.Store),
            new ManualTimeProvider(DemoSetup.Now), [], NullLogger<AnalysisRunner>.Instance);
}
