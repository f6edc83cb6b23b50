using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>
/// An org whose APM resource names carry Datadog's <c>?</c> for obfuscated ids (<c>GET /api/exports/?/download</c>):
/// collected through the Datadog source against the fake, the route keeps its id segment, so the slow tenant on it is
/// that tenant's finding and never a path-level regression in which "0 of N tenants" are slower.
/// </summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogQuantizedResourceTests(DatadogDemoFixture demo, ITestOutputHelper output)
{
    [Fact]
    public async Task Analyze_QuantizedResourceNames_SlowTenantIsFoundOnTheRouteWithItsIdSegment()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"], resource: DemoDatadogData.QuantizedResource);
        var summary = await host.CollectAsync();
        Assert.Empty(summary.Failures);
        // The fake really answered with quantized names: the route of the slow tenant as APM shows it.
        Assert.Equal("GET /api/exports/?/download", DemoDatadogData.QuantizedResource(DemoCatalog.SlowPath));

        var findings = (await host.Analysis(DemoSetup.Now).RunAsync("prod")).Findings;
        foreach (var f in findings)
            output.WriteLine($"{f.Kind} {f.Subject} since {f.Start:O}: {f.Summary} | {f.Evidence}");

        var paths = (await host.Temp.Store.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent))))
            .Select(k => k[Dims.Path]).ToHashSet();
        Assert.Contains(DemoCatalog.SlowPath, paths);
        Assert.DoesNotContain(paths, p => p!.EndsWith('/') || p.Contains('?', StringComparison.Ordinal));

        var slow = Assert.Single(findings, f => f.Kind == FindingKind.SlowTenant);
        Assert.Equal(DemoCatalog.SlowTenantId, slow.Subject);
        Assert.Equal("/api/exports/{id}/download", slow.Labels[Facts.LabelPath]);
        Assert.DoesNotContain(findings, f => f.Kind == FindingKind.LatencyRegression && f.Subject.Contains("/api/exports", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Evidence.Contains(" 0 of ", StringComparison.Ordinal) || f.Summary.Contains(" 0 of ", StringComparison.Ordinal));
    }
}
