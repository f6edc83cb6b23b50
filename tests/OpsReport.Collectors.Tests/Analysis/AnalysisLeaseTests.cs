using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;
using OpsReport.Tests.Support;

namespace OpsReport.Collectors.Tests.Analysis;

/// <summary>Two instances on one PostgreSQL database analyse one environment: one at a time, and both see the results.</summary>
public sealed class AnalysisLeaseTests
{
    [Fact]
    public async Task RunAsync_TwoInstancesOnOnePostgres_OneAnalysesAtATimeAndBothReadItsFindingsFromTheStore()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var a = new PostgresMetricStore(database, "instance-a");
        await using var b = new PostgresMetricStore(database, "instance-b");
        await a.InitializeAsync();
        var options = DemoSetup.Options(backfillDays: 10);
        var time = new ManualTimeProvider(DemoSetup.Now);
        var collected = await RunnerSetup.Runner(a, time, options, DemoSetup.Source(a, time, options)).RunOnceAsync(new CollectionRequest(null, "prod"), null, CancellationToken.None);
        Assert.Empty(collected.Failures);

        // While instance B analyses prod (it holds the lease), instance A computes nothing and writes nothing.
        Assert.True(await b.TryAcquireLeaseAsync(LeaseNames.Analyze("prod"), options.Store.LeaseDuration, time.GetUtcNow()));
        var whileHeld = await Runner(a, options).RunAsync("prod");
        Assert.Empty(whileHeld.Findings);
        Assert.Empty(await a.GetFindingsAsync("prod"));
        await b.ReleaseLeaseAsync(LeaseNames.Analyze("prod"));

        // Both at once: whichever takes the lease writes; the other reads what it wrote.
        var both = await Task.WhenAll(Runner(a, options).RunAsync("prod"), Runner(b, options).RunAsync("prod"));

        var stored = await b.GetFindingsAsync("prod");
        Assert.NotEmpty(stored);
        Assert.Equal(stored.Select(f => f.Id).Order(StringComparer.Ordinal), (await a.GetFindingsAsync("prod")).Select(f => f.Id).Order(StringComparer.Ordinal));
        // The one that held the lease reports what it wrote. (The other reports what the store held when it looked, which
        // may be before the holder's write: the store, not its summary, is what both instances share.)
        var open = string.Join(",", stored.Where(f => f.State == Core.Domain.FindingState.Open).Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.Contains(both, summary => string.Join(",", summary.Findings.Where(f => f.State == Core.Domain.FindingState.Open).Select(f => f.Id).Order(StringComparer.Ordinal)) == open);
        Assert.Empty(await a.GetLeasesAsync(time.GetUtcNow()));
    }

    private static AnalysisRunner Runner(IMetricStore store, OpsReportOptions options) =>
        new(store, new EnvironmentCatalog(options), DemoSetup.Wrap(options), new ZoneCalendar(options.TimeZone), new TenantDirectory(store),
            new ManualTimeProvider(DemoSetup.Now), [], NullLogger<AnalysisRunner>.Instance);
}
