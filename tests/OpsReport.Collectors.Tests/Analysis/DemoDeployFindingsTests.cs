using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Analysis;

/// <summary>The embedded default records its deploys, and the findings that began with one say so.</summary>
public sealed class DemoDeployFindingsTests(DemoAnalysisFixture demo, ITestOutputHelper output) : IClassFixture<DemoAnalysisFixture>
{
    [Fact]
    public async Task Collect_EmbeddedDefault_RecordsWeekdayDeploysOfEcsServicesAndTheIncidentHotfixes()
    {
        var window = new TimeWindow(DemoSetup.Now.AddDays(-14), DemoSetup.Now);

        var prod = await demo.Deploys.ListAsync("prod", window);
        var staging = await demo.Deploys.ListAsync("staging", window);

        // Two weeks hold ten weekdays (and, for Wednesday noon, possibly today's 11:00): four ECS services each.
        var weekdays = prod.Where(d => d.Service == DemoCatalog.ServiceWeb).Select(d => d.At).ToList();
        Assert.All(weekdays, at => Assert.Equal(11, DemoSetup.Tokyo.ToLocal(at).Hour));
        Assert.All(weekdays, at => Assert.InRange((int)DemoSetup.Tokyo.ToLocal(at).DayOfWeek, 1, 5));
        Assert.InRange(weekdays.Count, 10, 11);
        Assert.DoesNotContain(prod, d => d.Service == DemoCatalog.ServiceBillingSync);
        Assert.Contains(prod, d => d.Service == DemoCatalog.ServiceApi && d.At == demo.Incidents.SlowTenantStart);
        Assert.Contains(prod, d => d.Service == DemoCatalog.ServiceApi && d.At == demo.Incidents.MemoryLeakStart);
        Assert.Equal(weekdays.Count * 4, staging.Count);
        Assert.All(prod.Concat(staging), d => Assert.Equal(Deploy.SourceDemo, d.Source));
    }

    [Fact]
    public async Task RunAsync_EmbeddedDefault_SlowTenantAndLeakNameTheDeployBeforeThemTheDebugLogsDoNot()
    {
        var summary = await demo.Runner(DemoSetup.Now).RunAsync();
        foreach (var f in summary.Findings)
            output.WriteLine($"{f.Environment} {f.Kind} {f.Subject}: {f.Evidence}");

        var slow = summary.Findings.Single(f => f.Kind == FindingKind.SlowTenant && f.Environment == "prod");
        Assert.Equal(DemoCatalog.ServiceApi, slow.Labels[DeployFacts.LabelService]);
        Assert.Equal(demo.Incidents.SlowTenantStart.ToUnixTimeSeconds(), slow.Numbers[DeployFacts.At]);
        var version = slow.Labels[DeployFacts.LabelVersion];
        Assert.EndsWith($"Deploy of api {version} at {new FindingText("en", DemoSetup.Tokyo).Time(demo.Incidents.SlowTenantStart)}, 0 min before the change began (demo).", slow.Evidence);

        var leak = summary.Findings.Single(f => f.Kind == FindingKind.MemoryTrend && f.Environment == "prod");
        Assert.Equal(DemoCatalog.ServiceApi, leak.Labels[DeployFacts.LabelService]);
        Assert.Contains("Deploy of api ", leak.Evidence);

        // billing-sync is a Lambda function the demo never deploys: its DEBUG story must not invent a deploy.
        var debug = summary.Findings.Single(f => f.Kind == FindingKind.DebugLogging);
        Assert.False(debug.Numbers.ContainsKey(DeployFacts.At));
        Assert.DoesNotContain("Deploy of", debug.Evidence);

        var japanese = new FindingText("ja", DemoSetup.Tokyo).Render(slow);
        Assert.Contains($"に api {version} がデプロイされました（変化の 0 分前、demo）。", japanese.Evidence);
    }
}
