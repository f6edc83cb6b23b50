using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Slos;
using OpsReport.Core.Time;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Analysis;

/// <summary>
/// The demo with the repository's <c>dashboards/slos.yaml</c>: it counts requests under the latency SLO's threshold, and
/// its planted slowdown (one tenant's export downloads since a deploy three days back) burns that SLO's budget.
/// </summary>
public sealed class DemoSloTests(DemoSloTests.Fixture demo, ITestOutputHelper output) : IClassFixture<DemoSloTests.Fixture>
{
    [Fact]
    public async Task ReadAsync_Demo_SlowTenantBreachesTheExportSloWhileOthersMeetIt()
    {
        var statuses = await demo.Slos.ReadAsync("prod", DemoSetup.Now, null, CancellationToken.None);
        foreach (var s in statuses)
            output.WriteLine($"{s.Definition.Name} {s.Tenant ?? "(all)"}: {s.State}, attainment {s.Attainment:P3}, budget left {s.BudgetLeft:P1}, burn 1h {s.BurnRates[0].Rate:0.0}");

        var exports = statuses.Where(s => s.Definition.Name == "exports-fast").ToList();
        Assert.Equal(SloState.Breached, exports.Single(s => s.Tenant == DemoCatalog.SlowTenantId).State);
        Assert.Contains(exports, s => s.Tenant is not null && s.Tenant != DemoCatalog.SlowTenantId && s.State == SloState.Met);
        Assert.NotEqual(SloState.Met, exports.Single(s => s.Tenant is null).State);
        Assert.Equal(SloState.Met, statuses.Single(s => s.Definition.Name == "api-available").State);
    }

    [Fact]
    public async Task RunAsync_DemoWithSlos_BurnFindingOpensAtTheSlowdownAndNothingElseIsAdded()
    {
        var summary = await demo.Runner(DemoSetup.Now).RunAsync();
        foreach (var f in summary.Findings.Where(f => f.Kind == FindingKind.SloBurn))
            output.WriteLine($"{f.Id} {f.Severity} {f.Start:u}: {f.Summary} | {f.Evidence}");

        var burns = summary.Findings.Where(f => f.Kind == FindingKind.SloBurn).ToList();
        var tenant = burns.Single(f => f.Subject == "exports-fast/" + DemoCatalog.SlowTenantId);
        Assert.Equal((FindingState.Open, Severity.Critical), (tenant.State, tenant.Severity));
        Assert.InRange((tenant.Start - demo.Incidents.SlowTenantStart).TotalHours, -1, 1);
        Assert.Contains("株式会社サクラ物流", tenant.Summary, StringComparison.Ordinal);
        Assert.Contains("Exports download quickly", tenant.Summary, StringComparison.Ordinal);
        Assert.Contains(burns, f => f.Subject == "exports-fast" && f.State == FindingState.Open);
        Assert.DoesNotContain(burns, f => f.Subject.StartsWith("api-available", StringComparison.Ordinal));
        Assert.All(burns, f => Assert.True(f.Subject == "exports-fast" || f.Subject == "exports-fast/" + DemoCatalog.SlowTenantId, f.Id));
        Assert.Equal(4, summary.Findings.Count(f => f.Kind != FindingKind.SloBurn));
    }

    /// <summary>35 days of demo data collected with the repository's SLOs loaded.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private TempStore? _temp;

        public OpsReportOptions Options { get; } = DemoSetup.Options(backfillDays: 35);

        public DemoIncidents Incidents { get; private set; } = null!;

        public SloReader Slos { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _temp = await TempStore.CreateAsync();
            Options.DashboardsDir = Datadog.Support.RepositoryFiles.Dashboards;
            var time = new ManualTimeProvider(DemoSetup.Now);
            var zone = new ZoneCalendar(Options.TimeZone);
            Slos = new SloReader(DemoSetup.Wrap(Options), _temp.Store, zone);
            var source = new DemoSource(DemoSetup.Wrap(Options), _temp.Store, time, zone, null, Slos);
            var summary = await RunnerSetup.Runner(_temp.Store, time, Options, source).RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
            Assert.Empty(summary.Failures);
            Incidents = await source.GetIncidentsAsync();
        }

        public AnalysisRunner Runner(DateTimeOffset now) =>
            new(_temp!.Store, new EnvironmentCatalog(Options), DemoSetup.Wrap(Options), new ZoneCalendar(Options.TimeZone), new TenantDirectory(_temp.Store),
                new ManualTimeProvider(now), [], NullLogger<AnalysisRunner>.Instance, null, Slos);

        public async Task DisposeAsync()
        {
            if (_temp is not null)
                await _temp.DisposeAsync();
        }
    }
}
