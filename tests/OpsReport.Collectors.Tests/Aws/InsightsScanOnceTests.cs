using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Collectors.Tests.Slos;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary>
/// Logs Insights bills every byte a query scans: over a 35-day backfill and the pass after it, the endpoint must see
/// each (query, window) once, hourly queries that tile time without overlap, and each day and week rollup once.
/// </summary>
public sealed class InsightsScanOnceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Collect_35DayBackfillThenNextPass_NoRepeatedQueryAndHourlyQueriesTileTime()
    {
        var insights = new FakeInsights { Rows = (_, _, _) => [] };
        // The inventory stream lists no log groups here; every Insights call goes to the recording fake.
        await using var server = await FakeAwsServer.StartAsync(r => r.Action == "DescribeLogGroups" ? FakeResponse.Json(new { logGroups = Array.Empty<object>() }) : insights.Handle(r));
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: a =>
        {
            a.LogGroups = ["/ecs/api", "/ecs/worker"];
            a.TenantField = "tenant";
            a.CostExplorer = false;
            a.InsightsConcurrency = 8;
        }, thresholds: SloLatencyThresholds.Of(
            SloDefinitions.Latency("api-fast", "prod", "*", TimeSpan.FromMilliseconds(300)),
            SloDefinitions.Latency("exports-fast", "prod", "/api/exports/{id}", TimeSpan.FromSeconds(2))));
        host.Options.Collection.BackfillDays = 35;

        var backfill = await host.Runner(host.Logs).RunOnceAsync(new CollectionRequest("logs", "prod"), null, CancellationToken.None);
        var afterBackfill = insights.Started.Count;
        host.Time.Advance(TimeSpan.FromHours(3));
        var next = await host.Runner(host.Logs).RunOnceAsync(new CollectionRequest("logs", "prod"), null, CancellationToken.None);

        Assert.Empty(backfill.Failures);
        Assert.Empty(next.Failures);
        var started = insights.Started;
        var repeated = started.GroupBy(q => q).Where(g => g.Count() > 1).ToList();
        Assert.Empty(repeated);

        // Hourly queries: per query text, windows in order, each starting where the last ended (no overlap, no gap).
        var hourly = started.Where(q => q.QueryString.Contains("bin(1h)", StringComparison.Ordinal)).GroupBy(q => q.QueryString).ToList();
        Assert.Equal(2, hourly.Count);
        // With latency SLOs, the good counts ride in the same hourly queries (no third scan).
        Assert.All(hourly, q => Assert.Contains("as within_300, sum(opsreport_le_2000) as within_2000", q.Key, StringComparison.Ordinal));
        long scannedHours = 0, overlapHours = 0;
        foreach (var shape in hourly)
        {
            var windows = shape.Select(q => (Start: q.Start, End: q.End + 1)).OrderBy(w => w.Start).ToList();
            for (var i = 1; i < windows.Count; i++)
            {
                overlapHours += Math.Max(0, windows[i - 1].End - windows[i].Start) / 3600;
                Assert.True(windows[i].Start <= windows[i - 1].End, $"gap before {DateTimeOffset.FromUnixTimeSeconds(windows[i].Start):O}");
            }
            scannedHours += windows.Sum(w => (w.End - w.Start) / 3600);
        }
        var share = (double)overlapHours / scannedHours;
        output.WriteLine($"{started.Count} queries ({afterBackfill} in the backfill, {started.Count - afterBackfill} in the next pass), {scannedHours} hours scanned by hourly queries, {overlapHours} read twice ({share:P1}); summary: {backfill}");
        Assert.True(share <= 0.05, $"{share:P1} of hourly scans repeated hours");
        Assert.InRange(scannedHours, 2 * 35 * 24, 2 * ((35 * 24) + 3));

        // Day and week rollups: one query per period and shape, each a whole Tokyo day or ISO week.
        var rollups = started.Where(q => !q.QueryString.Contains("bin(1h)", StringComparison.Ordinal)).ToList();
        var days = rollups.Where(q => q.End + 1 - q.Start == 86_400).ToList();
        var weeks = rollups.Where(q => q.End + 1 - q.Start == 7 * 86_400).ToList();
        Assert.Equal(rollups.Count, days.Count + weeks.Count);
        Assert.Equal(2 * 35, days.Count);
        Assert.InRange(weeks.Count, 2 * 4, 2 * 6);

        // What was scanned is in the summary, and --verbose has one line per query.
        Assert.Equal(afterBackfill * insights.BytesScannedPerQuery, backfill.BytesScanned);
        Assert.Equal(afterBackfill, backfill.Queries.Count);
        Assert.All(backfill.Queries, q => Assert.Matches(@"^logs \S+ /ecs/api,/ecs/worker: Complete, 250000000 bytes scanned: filter ", q));
    }
}
