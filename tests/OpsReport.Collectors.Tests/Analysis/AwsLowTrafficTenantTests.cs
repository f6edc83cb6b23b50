using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Time;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Analysis;

/// <summary>
/// A low-traffic tenant end to end: request logs (generated per request) → Logs Insights (the fake) → the logs source →
/// the store → the analysis and the tenant page. Large B2B customers often make only a few requests an hour.
/// </summary>
public sealed class AwsLowTrafficTenantTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset AsOf = TimeWindow.FloorToHour(AwsTestHost.Now);
    private static readonly DateTimeOffset From = AsOf.AddDays(-21);
    // An odd hour three days back: 14:00 in Tokyo.
    private static readonly DateTimeOffset Onset = new(2026, 11, 15, 5, 0, 0, TimeSpan.Zero);
    private const string Exports = "/api/exports/{0}/download";
    private const string ExportsRoute = "/api/exports/{id}/download";

    [Fact]
    public async Task Analyze_TenantWithThreeRequestsAnHourSlowForThreeDays_SlowTenantFindingWithOnsetAndRequestCount()
    {
        var logs = Logs(slowFactor: 4.5);
        await using var server = await StartAsync(logs);
        await using var host = await CollectedAsync(server);

        var findings = await DetectAsync(host);

        foreach (var f in findings)
            output.WriteLine($"{f.Kind} {f.Subject} since {f.Start:u} {string.Join(" ", f.Numbers.Select(n => $"{n.Key}={n.Value}"))}");
        var slow = Assert.Single(findings, f => f.Kind is FindingKind.SlowTenant or FindingKind.LatencyRegression);
        Assert.Equal(FindingKind.SlowTenant, slow.Kind);
        Assert.Equal("t-kobe", slow.Subject);
        Assert.Equal(ExportsRoute, slow.Labels[Facts.LabelPath]);
        Assert.InRange(slow.Start, Onset.AddHours(-2), Onset.AddHours(2));
        // The evidence says how many requests it rests on: the tenant's requests on the path since the onset.
        var since = logs.Requests.Count(r => r.Tenant == "t-kobe" && r.Path.StartsWith("/api/exports/", StringComparison.Ordinal) && r.Time >= slow.Start && r.Time < AsOf);
        Assert.InRange(slow.Numbers[Facts.Requests], since * 0.9, since * 1.1);
        Assert.True(slow.Numbers[Facts.OthersRatio] >= 2, $"vs others {slow.Numbers[Facts.OthersRatio]}");
        Assert.Contains("requests since the change", new FindingText("en", new ZoneCalendar("Asia/Tokyo")).Render(slow).Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_SameTenantsNothingPlanted_NoLatencyFinding()
    {
        var logs = Logs(slowFactor: 1);
        await using var server = await StartAsync(logs);
        await using var host = await CollectedAsync(server);

        var findings = await DetectAsync(host);

        Assert.DoesNotContain(findings, f => f.Kind is FindingKind.SlowTenant or FindingKind.LatencyRegression);
    }

    [Fact]
    public async Task TenantPage_LowTrafficTenantSlowOnExports_WorstPathIsTheExportAndTheFindingIsListed()
    {
        var logs = Logs(slowFactor: 4.5);
        await using var server = await StartAsync(logs);
        await using var host = await CollectedAsync(server);
        var summary = await host.Analysis().RunAsync("prod");
        Assert.Contains(summary.Findings, f => f.Kind == FindingKind.SlowTenant && f.Subject == "t-kobe");

        var calendar = new ZoneCalendar("Asia/Tokyo");
        var query = new TenantQuery(host.Store, new TenantDirectory(host.Store), calendar, Microsoft.Extensions.Options.Options.Create(host.Options));
        var periods = OverviewRange.Day.Periods(AsOf, calendar);
        var list = await query.ListAsync("prod", periods);
        var detail = await query.BuildAsync("prod", "t-kobe", periods, AsOf);

        Assert.Equal(ExportsRoute, list.Single(t => t.Id == "t-kobe").WorstPath);
        Assert.NotNull(detail);
        Assert.Contains(detail.Findings, f => f.Kind == FindingKind.SlowTenant);
    }

    /// <summary>
    /// Four busy tenants (about 40 export requests an hour each), t-kobe with 1–3 an hour on the export path, and t-rare
    /// with five requests in the last week, some of them slow; everyone calls /health. t-kobe's exports are
    /// <paramref name="slowFactor"/> times slower from <see cref="Onset"/>.
    /// </summary>
    private static RequestLogGenerator Logs(double slowFactor)
    {
        var random = new Random(20261115);
        var logs = new RequestLogGenerator();
        foreach (var tenant in new[] { "t-osaka", "t-nagoya", "t-sendai", "t-fukuoka" })
        {
            logs.Add(random, tenant, Exports, From, AsOf, 30, 50, 220, 0.35);
            logs.Add(random, tenant, "/health", From, AsOf, 25, 35, 4, 0.2);
        }
        logs.Add(random, "t-kobe", Exports, From, AsOf, 0, 3, 220, 0.35, Onset, slowFactor);
        logs.Add(random, "t-kobe", "/health", From, AsOf, 1, 2, 4, 0.2);
        logs.AddScattered(random, "t-rare", Exports, AsOf.AddDays(-7), AsOf, 2, 220, 0.35);
        logs.AddScattered(random, "t-rare", Exports, AsOf.AddDays(-7), AsOf, 3, 1500, 0.35);
        return logs;
    }

    // Logs Insights over the generated logs; the log group inventory lists the one group, without retention.
    private static Task<FakeAwsServer> StartAsync(RequestLogGenerator logs)
    {
        var insights = new FakeInsights { Rows = logs.Rows };
        return FakeAwsServer.StartAsync(r => r.Action == "DescribeLogGroups"
            ? FakeResponse.Json(new { logGroups = new[] { new { logGroupName = "/ecs/api", storedBytes = 1_000_000 } } })
            : insights.Handle(r));
    }

    private static async Task<AwsTestHost> CollectedAsync(FakeAwsServer server)
    {
        var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a =>
        {
            a.LogGroups = ["/ecs/api"];
            a.CostExplorer = false;
            a.Namespaces = [];
        });
        var summary = await host.CollectAsync(host.Logs, From, AsOf);
        Assert.Empty(summary.Failures);
        return host;
    }

    private static async Task<IReadOnlyList<Finding>> DetectAsync(AwsTestHost host)
    {
        var (findings, _) = await host.Analysis().DetectAsync(new EnvironmentCatalog(host.Options).Find("prod")!, AsOf, CancellationToken.None);
        return findings;
    }
}
