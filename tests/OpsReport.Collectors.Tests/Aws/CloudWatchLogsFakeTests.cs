using System.Globalization;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary>Logs Insights latency and level mix against the fake (moto does not evaluate <c>stats</c>).</summary>
public sealed class CloudWatchLogsFakeTests
{
    // Monday 2026-11-16 09:00Z–13:00Z: four hours, no Tokyo day or week ends inside.
    private static readonly DateTimeOffset From = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddHours(4);

    [Fact]
    public async Task Collect_RequestLogs_LatencyPerRouteAndTenantWithNormalizedPaths()
    {
        var insights = new FakeInsights { Rows = LatencyRows };
        await using var server = await FakeAwsServer.StartAsync(insights.Handle);
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: Logs(a =>
        {
            a.InsightsConcurrency = 1;
            a.Tenants["t-001"] = "株式会社サンプル";
        }));

        var summary = await host.CollectAsync(host.Logs, From, To);

        Assert.Empty(summary.Failures);
        Assert.Equal(server.Requests.Count, summary.ApiCalls);
        Assert.Equal(1, insights.MaxRunning);
        Assert.Equal(2, insights.Started.Count);
        Assert.All(insights.Started, q => Assert.Equal(From.ToUnixTimeSeconds(), q.Start));
        Assert.All(insights.Started, q => Assert.Equal(To.ToUnixTimeSeconds() - 1, q.End));
        Assert.Contains(insights.Started, q => q.QueryString == "filter ispresent(path) and ispresent(duration_ms) | fields floor(status / 500) as opsreport_error"
            + " | stats count(*) as requests, sum(opsreport_error) as errors, pct(duration_ms, 50) as p50, pct(duration_ms, 95) as p95, pct(duration_ms, 99) as p99 by path, bin(1h)");
        Assert.Contains(insights.Started, q => q.QueryString.EndsWith(" by path, tenant, bin(1h)", StringComparison.Ordinal));
        Assert.Equal(2 * insights.BytesScannedPerQuery, summary.BytesScanned);
        Assert.Equal(2 * insights.BytesScannedPerQuery * 0.005m / (1L << 30), summary.EstimatedUsd);

        // One raw path per route: Insights' own percentiles, unchanged.
        var users = await Hourly(host, Metrics.LatencyP95, (Dims.Path, "/api/users/{id}"), (Dims.Tenant, SeriesFilter.Absent));
        Assert.Equal([300, 300, 300, 300], users);
        Assert.Equal(new double[] { 10, 10, 10, 10 }, await Hourly(host, Metrics.Requests, (Dims.Path, "/api/users/{id}"), (Dims.Tenant, SeriesFilter.Absent)));
        // /api/reports/123 and /api/reports/9f86d081884c7d65 are one route: counts add up, p95 lies between the two.
        Assert.Equal(new double[] { 30, 30, 30, 30 }, await Hourly(host, Metrics.Requests, (Dims.Path, "/api/reports/{id}"), (Dims.Tenant, SeriesFilter.Absent)));
        Assert.Equal(new double[] { 3, 3, 3, 3 }, await Hourly(host, Metrics.Errors, (Dims.Path, "/api/reports/{id}"), (Dims.Tenant, SeriesFilter.Absent)));
        Assert.All(await Hourly(host, Metrics.LatencyP95, (Dims.Path, "/api/reports/{id}"), (Dims.Tenant, SeriesFilter.Absent)), v => Assert.InRange(v, 400, 800));
        // Per tenant, with the tenant id as dimension and its display name in the tenant directory.
        Assert.Equal(new double[] { 900, 900, 900, 900 }, await Hourly(host, Metrics.LatencyP95, (Dims.Path, "/api/users/{id}"), (Dims.Tenant, "t-001")));
        Assert.Equal("株式会社サンプル", (await new TenantDirectory(host.Store).GetNamesAsync("prod"))["t-001"]);
        Assert.Empty(await host.Store.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Path, "/api/reports/123"))));
    }

    [Fact]
    public async Task Collect_WindowHoldingATokyoDayEnd_AlsoQueriesTheWholeDayForExactDailyPercentiles()
    {
        var insights = new FakeInsights { Rows = LatencyRows };
        await using var server = await FakeAwsServer.StartAsync(insights.Handle);
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: Logs(a => a.TenantField = ""));
        var dayEnd = new DateTimeOffset(2026, 11, 16, 15, 0, 0, TimeSpan.Zero);

        var summary = await host.CollectAsync(host.Logs, dayEnd.AddHours(-1), dayEnd.AddHours(1));

        Assert.Empty(summary.Failures);
        var day = insights.Started.Single(q => !q.QueryString.Contains("bin(1h)", StringComparison.Ordinal));
        Assert.Equal(dayEnd.AddDays(-1).ToUnixTimeSeconds(), day.Start);
        Assert.EndsWith(" by path", day.QueryString);
        var daily = Assert.Single(await host.Store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Day, (Dims.Path, "/api/users/{id}")), new TimeWindow(dayEnd.AddDays(-2), dayEnd)));
        Assert.Equal([new Point(dayEnd.AddDays(-1), 300)], daily.Points);
    }

    [Fact]
    public async Task Collect_StartQueryAtConcurrencyLimit_QueuesUntilASlotFrees()
    {
        var insights = new FakeInsights { Rows = LatencyRows, LimitExceededFirst = 7 };
        await using var server = await FakeAwsServer.StartAsync(insights.Handle);
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: Logs(a => a.TenantField = ""));

        var summary = await host.CollectAsync(host.Logs, From, To);

        Assert.Empty(summary.Failures);
        Assert.Equal(8, server.Count("StartQuery"));
        Assert.Equal(server.Requests.Count, summary.ApiCalls);
        Assert.Equal(new double[] { 300, 300, 300, 300 }, await Hourly(host, Metrics.LatencyP95, (Dims.Path, "/api/users/{id}"), (Dims.Tenant, SeriesFilter.Absent)));
    }

    [Fact]
    public async Task Collect_ResultAtTheRowLimit_SplitsTheWindowAndQueriesHalves()
    {
        var insights = new FakeInsights
        {
            // More than two hours at once "matches" 10,000 rows; two hours or less come back whole.
            Rows = (query, start, end) => end - start > 2 * 3600
                ? [.. Enumerable.Range(0, 10_000).Select(i => Row($"/p{i}", null, start, 1, 5))]
                : LatencyRows(query, start, end),
        };
        await using var server = await FakeAwsServer.StartAsync(insights.Handle);
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: Logs(a => a.TenantField = ""));

        var summary = await host.CollectAsync(host.Logs, From, To);

        Assert.Empty(summary.Failures);
        Assert.Equal(
            [(From, To), (From, From.AddHours(2)), (From.AddHours(2), To)],
            insights.Started.Select(q => (DateTimeOffset.FromUnixTimeSeconds(q.Start), DateTimeOffset.FromUnixTimeSeconds(q.End + 1))).ToList());
        Assert.Equal(new double[] { 300, 300, 300, 300 }, await Hourly(host, Metrics.LatencyP95, (Dims.Path, "/api/users/{id}"), (Dims.Tenant, SeriesFilter.Absent)));
        Assert.Empty(await host.Store.FindSeriesAsync(new SeriesFilter(Metrics.Requests, Resolution.Hour, (Dims.Path, "/p1"))));
        Assert.Equal(3 * insights.BytesScannedPerQuery, summary.BytesScanned);
        Assert.Equal(RunStatus.Succeeded, Assert.Single(await host.Store.GetRunsAsync("prod")).Status);
    }

    [Fact]
    public async Task Collect_QueryOutlivesItsTimeout_StopsItRecordsAFailedRunAndAsksAgain()
    {
        var insights = new FakeInsights { Rows = LatencyRows, NeverFinish = true };
        await using var server = await FakeAwsServer.StartAsync(insights.Handle);
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: Logs(a =>
        {
            a.TenantField = "";
            a.InsightsQueryTimeout = TimeSpan.FromSeconds(1);
        }));

        var summary = await host.CollectAsync(host.Logs, From, To);

        Assert.Single(insights.Stopped);
        Assert.Equal(1, server.Count("StopQuery"));
        Assert.Empty(await host.Store.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"))));
        var run = Assert.Single(await host.Store.GetRunsAsync("prod"));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("still running after 00:00:01; stopped; fetched again next run", run.Error);
        Assert.Single(summary.Failures);
        // What the stopped query scanned is still billed and counted.
        Assert.Equal(insights.BytesScannedPerQuery, summary.BytesScanned);
        Assert.Equal(server.Requests.Count, summary.ApiCalls);

        // The gap is not complete: the next run asks again.
        insights.NeverFinish = false;
        await host.CollectAsync(host.Logs, From, To);
        Assert.Equal(2, insights.Started.Count);
        Assert.Equal(new double[] { 300, 300, 300, 300 }, await Hourly(host, Metrics.LatencyP95, (Dims.Path, "/api/users/{id}"), (Dims.Tenant, SeriesFilter.Absent)));
    }

    [Fact]
    public async Task GetLevelMixAsync_DebugHeavyGroup_GivesShareTopPatternsAndStoresLevelSeries()
    {
        var insights = new FakeInsights
        {
            Rows = (query, start, end) => query.StartsWith("pattern", StringComparison.Ordinal)
                ? [
                    new() { ["@pattern"] = "DEBUG cache miss for key <*>", ["@sampleCount"] = "9000", ["@ratio"] = "0.9" },
                    new() { ["@pattern"] = "INFO request <*> done", ["@sampleCount"] = "800", ["@ratio"] = "0.08" },
                  ]
                : [
                    new() { ["opsreport_lvl"] = "DEBUG", ["events"] = "4500", ["bin(1h)"] = FakeInsights.Bin(start) },
                    new() { ["opsreport_lvl"] = "debug", ["events"] = "4500", ["bin(1h)"] = FakeInsights.Bin(start + 3600) },
                    new() { ["opsreport_lvl"] = "INFO", ["events"] = "800", ["bin(1h)"] = FakeInsights.Bin(start) },
                    new() { ["opsreport_lvl"] = "WARNING", ["events"] = "150", ["bin(1h)"] = FakeInsights.Bin(start) },
                    new() { ["events"] = "50", ["bin(1h)"] = FakeInsights.Bin(start) },
                  ],
        };
        await using var server = await FakeAwsServer.StartAsync(insights.Handle);
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1");
        var window = new TimeWindow(From, From.AddHours(2));

        var mix = await host.Logs.GetLevelMixAsync("prod", "/aws/lambda/billing-sync-staging", window, CancellationToken.None);

        Assert.Empty(mix.Warnings);
        Assert.Equal(new Dictionary<string, long> { ["DEBUG"] = 9000, ["INFO"] = 800, ["WARN"] = 150, ["UNKNOWN"] = 50 }, mix.EventsByLevel);
        Assert.Equal(0.9, mix.DebugShare!.Value, 6);
        Assert.Equal("DEBUG cache miss for key <*>", mix.TopPatterns[0].Pattern);
        Assert.Equal(9000, mix.TopPatterns[0].Count);
        Assert.Equal(2 * insights.BytesScannedPerQuery, mix.Usage.BytesScanned);
        Assert.Contains(insights.Started, q => q.QueryString.Contains("coalesce(level, opsreport_level) as opsreport_lvl", StringComparison.Ordinal));
        var debug = Assert.Single(await host.Store.QueryAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.LogGroup, "/aws/lambda/billing-sync-staging"), (Dims.Level, "DEBUG")), window));
        Assert.Equal([new Point(From, 4500), new Point(From.AddHours(1), 4500)], debug.Points);
        var run = Assert.Single(await host.Store.GetRunsAsync("prod"));
        Assert.Equal((CloudWatchLogsSource.SourceName, CloudWatchLogsSource.LevelMixStream, RunStatus.Succeeded), (run.Source, run.Stream, run.Status));
        Assert.Equal(mix.Usage, run.Usage);
    }

    private static Action<OpsReport.Core.Configuration.AwsEnvironmentOptions> Logs(Action<OpsReport.Core.Configuration.AwsEnvironmentOptions>? more = null) => a =>
    {
        a.LogGroups = ["/ecs/api", "/ecs/worker"];
        a.CostExplorer = false;
        more?.Invoke(a);
    };

    private static async Task<double[]> Hourly(AwsTestHost host, string metric, params (string, string)[] dims)
    {
        var filter = new SeriesFilter(metric, Resolution.Hour, dims.Append((Dims.Env, "prod")).ToArray());
        var one = Assert.Single(await host.Store.QueryAsync(filter, new TimeWindow(From, To)));
        return [.. one.Points.Select(p => p.Value)];
    }

    /// <summary>Per hour: /api/users/7 (p95 300 ms, 10 requests) and two raw report paths of one route; per tenant when asked.</summary>
    private static IReadOnlyList<Dictionary<string, string>> LatencyRows(string query, long start, long end)
    {
        var hourly = query.Contains("bin(1h)", StringComparison.Ordinal);
        var byTenant = query.Contains("tenant", StringComparison.Ordinal);
        var rows = new List<Dictionary<string, string>>();
        for (var t = start; t <= end; t += 3600)
        {
            var bin = hourly ? t - (t % 3600) : (long?)null;
            if (byTenant)
            {
                rows.Add(Row("/api/users/7", "t-001", bin, 10, 900));
                rows.Add(Row("/api/reports/123", "t-002", bin, 10, 500));
            }
            else
            {
                rows.Add(Row("/api/users/7", null, bin, 10, 300));
                rows.Add(Row("/api/reports/123", null, bin, 10, 400, errors: 1));
                rows.Add(Row("/api/reports/9f86d081884c7d65?page=2", null, bin, 20, 800, errors: 2));
            }
            if (!hourly)
                break;
        }
        return rows;
    }

    private static Dictionary<string, string> Row(string path, string? tenant, long? bin, int requests, double p95, int errors = 0)
    {
        var row = new Dictionary<string, string>
        {
            ["path"] = path,
            ["requests"] = requests.ToString(CultureInfo.InvariantCulture),
            ["errors"] = errors.ToString(CultureInfo.InvariantCulture),
            ["p50"] = (p95 / 3).ToString(CultureInfo.InvariantCulture),
            ["p95"] = p95.ToString(CultureInfo.InvariantCulture),
            ["p99"] = (p95 * 1.5).ToString(CultureInfo.InvariantCulture),
        };
        if (tenant is not null)
            row["tenant"] = tenant;
        if (bin is { } b)
            row["bin(1h)"] = FakeInsights.Bin(b);
        return row;
    }
}
