using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Analysis;

/// <summary>The embedded default end to end: every planted demo incident is found, and nothing else is.</summary>
public sealed class DemoFindingsTests(DemoAnalysisFixture demo, ITestOutputHelper output) : IClassFixture<DemoAnalysisFixture>
{
    [Fact]
    public async Task RunAsync_EmbeddedDefault_FindsEveryPlantedIncidentAndNothingElse()
    {
        var summary = await demo.Runner(DemoSetup.Now).RunAsync();
        Print(summary.Findings);
        var incidents = demo.Incidents;

        Assert.All(summary.Findings, f => Assert.Equal(FindingState.Open, f.State));
        Assert.Equal(4, summary.Findings.Count);

        var debug = Single(summary, "staging", FindingKind.DebugLogging, DemoCatalog.BillingSyncLogGroup("staging"));
        Assert.Equal(incidents.DebugLoggingStart, debug.Start);
        Assert.True(debug.Numbers[Facts.Ratio] >= 10, $"ratio {debug.Numbers[Facts.Ratio]}");
        Assert.True(debug.Numbers[Facts.DebugShare] > 0.8, $"DEBUG share {debug.Numbers[Facts.DebugShare]}");
        Assert.InRange(debug.Numbers[Facts.UsdPerDay], 1, 10);
        // The CloudWatch ingestion cost line of the same account is told inside the DEBUG story, not as its own finding.
        var costIncident = incidents.Find(DemoIncidents.DebugLoggingCostName, "staging")!;
        Assert.Equal(costIncident.Subject, debug.Labels[Facts.LabelCostLine]);
        Assert.True(debug.Numbers[Facts.LinkedCostNow] >= 5 * debug.Numbers[Facts.LinkedCostBefore]);
        Assert.Contains("DEBUG logging has been on in /aws/lambda/billing-sync-staging (staging) since", debug.Summary);
        Assert.Contains("/month", debug.Summary);

        var leak = Single(summary, "prod", FindingKind.MemoryTrend, DemoCatalog.LeakingService);
        Assert.Equal(incidents.MemoryLeakStart, leak.Start);
        Assert.InRange(leak.Numbers[Facts.SlopePerDay], 7, 10);
        Assert.InRange(leak.Numbers[Facts.DaysToLimit], 2, 10);
        Assert.Contains("without a restart it would reach 90%", leak.Summary);

        var slow = Single(summary, "prod", FindingKind.SlowTenant, DemoCatalog.SlowTenantId);
        Assert.Equal(incidents.SlowTenantStart, slow.Start);
        Assert.Equal(DemoCatalog.SlowPath, slow.Labels[Facts.LabelPath]);
        Assert.Equal("株式会社サクラ物流", slow.Labels[Facts.LabelTenantName]);
        Assert.True(slow.Numbers[Facts.OthersRatio] >= 3);
        Assert.StartsWith("株式会社サクラ物流 has been slow on /api/exports/{id}/download (prod) since", slow.Summary);

        var bucket = Single(summary, "prod", FindingKind.CostMover, DemoCatalog.ArtifactBucket);
        Assert.Equal(incidents.BucketGrowthStart, bucket.Start);
        Assert.InRange(bucket.Numbers[Facts.BucketGbPerDay], 55, 65);
        Assert.True(bucket.Numbers[Facts.UsdPerDayNow] > bucket.Numbers[Facts.UsdPerDayBefore]);

        // Weekend lows and Monday peaks are ordinary seasonality: the demo environment, which has no incident, has no finding.
        Assert.DoesNotContain(summary.Findings, f => f.Environment == "demo");
        // Every finding links to the view that proves it: the incident view for latency, the overview panel otherwise.
        Assert.All(summary.Findings, f => Assert.StartsWith(
            f.Kind is FindingKind.SlowTenant or FindingKind.LatencyRegression ? "http://localhost:5080/incident?env=" : "http://localhost:5080/?env=", f.Url));
    }

    [Fact]
    public async Task RunAsync_Twice_UpdatesTheSameFindings()
    {
        var first = await demo.Runner(DemoSetup.Now).RunAsync();
        var second = await demo.Runner(DemoSetup.Now.AddMinutes(20)).RunAsync();

        Assert.Equal(first.Findings.Select(f => (f.Id, f.Start, f.Summary)).Order(), second.Findings.Select(f => (f.Id, f.Start, f.Summary)).Order());
        var stored = await demo.Temp.Store.GetFindingsAsync();
        Assert.Equal(stored.Count, stored.Select(f => f.Id).Distinct().Count());
        Assert.Equal(4, stored.Count(f => f.State == FindingState.Open));
    }

    [Fact]
    public async Task DetectAsync_BeforeTheIncidents_PlainWeeksGiveNoFinding()
    {
        // Eleven days before the anchor only the bucket had started growing (21 days before); the DEBUG logging, the
        // leak and the slow tenant had not happened yet.
        var asOf = TimeWindow.FloorToHour(DemoSetup.Now).AddDays(-11);
        var runner = demo.Runner(asOf);
        var catalog = new EnvironmentCatalog(demo.Options);
        foreach (var env in catalog.All)
        {
            var (findings, _) = await runner.DetectAsync(env, asOf, CancellationToken.None);
            Print(findings);
            if (env.Name == "prod")
                Assert.Equal(DemoCatalog.ArtifactBucket, Assert.Single(findings).Subject);
            else
                Assert.Empty(findings);
        }
    }

    [Fact]
    public async Task FindingText_Japanese_RendersTheSameNumbers()
    {
        var summary = await demo.Runner(DemoSetup.Now).RunAsync();
        var ja = new FindingText("ja", DemoSetup.Tokyo);
        var debug = ja.Render(summary.Findings.Single(f => f.Kind == FindingKind.DebugLogging));
        var slow = ja.Render(summary.Findings.Single(f => f.Kind == FindingKind.SlowTenant));
        output.WriteLine(debug.Summary + "\n" + debug.Evidence + "\n" + slow.Summary + "\n" + slow.Evidence);

        Assert.Contains("DEBUG ログが出力されたままです", debug.Summary);
        Assert.Contains("11月12日(木) 14:00", debug.Summary);
        Assert.Contains("株式会社サクラ物流 が 11月15日(日) 11:00 から /api/exports/{id}/download で遅くなっています", slow.Summary);
    }

    private static Finding Single(AnalysisSummary summary, string env, FindingKind kind, string subject) =>
        Assert.Single(summary.Findings, f => f.Environment == env && f.Kind == kind && f.Subject == subject);

    private void Print(IEnumerable<Finding> findings)
    {
        foreach (var f in findings)
            output.WriteLine($"[{f.Severity}] {f.Environment} {f.Kind} {f.Subject} since {f.Start:O}\n  {f.Summary}\n  {f.Evidence}");
    }
}
