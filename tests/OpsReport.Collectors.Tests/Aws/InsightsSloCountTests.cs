using System.Globalization;
using OpsReport.Collectors.Sources;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Collectors.Tests.Slos;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary>
/// Good and total counts for SLOs from the hourly Logs Insights query, against the fake evaluating the query text over
/// planted log events (moto does not run <c>stats</c>); expected counts are computed from the events directly.
/// </summary>
public sealed class InsightsSloCountTests(ITestOutputHelper output)
{
    // Monday 2026-11-16 09:00Z–13:00Z: four hours, no Tokyo day or week ends inside (no rollup queries).
    private static readonly DateTimeOffset From = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddHours(4);

    // Raw paths and the route each belongs to, written out here rather than asked of the normalizer.
    private static readonly Dictionary<string, string> Routes = new(StringComparer.Ordinal)
    {
        ["/api/users/42"] = "/api/users/{id}",
        ["/api/users/77"] = "/api/users/{id}",
        ["/api/reports/123"] = "/api/reports/{id}",
        ["/api/reports/9f86d081884c7d65"] = "/api/reports/{id}",
        ["/health"] = "/health",
    };

    private static readonly string[] Tenants = ["t-001", "t-002", "t-003"];

    [Fact]
    public async Task Collect_PlantedRequestLogsWithSloThresholds_WithinCountsPerRouteTenantAndHourMatchTheEvents()
    {
        var events = Plant(new Random(15), seconds: false);
        var insights = Evaluating(events);
        await using var server = await FakeAwsServer.StartAsync(insights.Handle);
        var thresholds = SloLatencyThresholds.Of(
            SloDefinitions.Latency("users-fast", "prod", "/api/users/{id}", TimeSpan.FromMilliseconds(250)),
            SloDefinitions.Latency("all-under-2s", "prod", "*", TimeSpan.FromSeconds(2)),
            SloDefinitions.Latency("same-threshold-again", "prod", "/health", TimeSpan.FromSeconds(2)),
            SloDefinitions.Availability("prod-available", "prod", "*"),
            SloDefinitions.Latency("staging-only", "staging", "*", TimeSpan.FromSeconds(1)));
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: OneLogGroup(), thresholds: thresholds);

        var summary = await host.CollectAsync(host.Logs, From, To);

        Assert.Empty(summary.Failures);
        // Still one query per shape over the window: the counts ride in the query that already runs.
        Assert.Equal(2, insights.Started.Count);
        Assert.All(insights.Started, q => Assert.Contains("sum(opsreport_le_250) as within_250, sum(opsreport_le_2000) as within_2000", q.QueryString, StringComparison.Ordinal));
        Assert.All(insights.Started, q => Assert.DoesNotContain("1000", q.QueryString, StringComparison.Ordinal));

        var compared = 0;
        foreach (var tenant in Tenants.Cast<string?>().Prepend(null))
        {
            foreach (var route in Routes.Values.Distinct())
            {
                var mine = events.Where(e => Routes[e.Fields["path"]] == route && (tenant is null || e.Fields["tenant"] == tenant)).ToList();
                foreach (var ms in new[] { 250L, 2000L })
                {
                    var expected = ByHour(mine.Where(e => double.Parse(e.Fields["duration_ms"], CultureInfo.InvariantCulture) <= ms));
                    Assert.Equal(expected, await HourlyAsync(host, Metrics.RequestsWithinThreshold, route, tenant, ms));
                    compared++;
                }
                Assert.Equal(ByHour(mine), await HourlyAsync(host, Metrics.Requests, route, tenant, null));
                Assert.Equal(ByHour(mine.Where(e => e.Fields["status"].StartsWith('5'))), await HourlyAsync(host, Metrics.Errors, route, tenant, null));
            }
        }
        output.WriteLine($"{events.Count} planted events, {compared} within-threshold series compared hour by hour");
        // Thresholds of another environment are not counted here.
        Assert.Empty(await host.Store.FindSeriesAsync(new SeriesFilter(Metrics.RequestsWithinThreshold, Resolution.Hour, (Dims.Env, "prod"), (Dims.ThresholdMs, "1000"))));
    }

    [Fact]
    public async Task Collect_DurationsLoggedInSeconds_ThresholdIsComparedInSecondsAtOrUnder()
    {
        var events = Plant(new Random(1515), seconds: true);
        var insights = Evaluating(events);
        await using var server = await FakeAwsServer.StartAsync(insights.Handle);
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: OneLogGroup(a =>
        {
            a.TenantField = "";
            a.DurationField = "duration";
            a.DurationUnit = "s";
        }), thresholds: SloLatencyThresholds.Of(SloDefinitions.Latency("users-fast", "prod", "/api/users/{id}", TimeSpan.FromMilliseconds(250))));

        var summary = await host.CollectAsync(host.Logs, From, To);

        Assert.Empty(summary.Failures);
        var query = Assert.Single(insights.Started).QueryString;
        Assert.Contains("1 - least(1, ceil(greatest(0, duration - 0.25))) as opsreport_le_250", query, StringComparison.Ordinal);
        foreach (var route in Routes.Values.Distinct())
        {
            var mine = events.Where(e => Routes[e.Fields["path"]] == route).ToList();
            var expected = ByHour(mine.Where(e => double.Parse(e.Fields["duration"], CultureInfo.InvariantCulture) <= 0.25));
            Assert.Equal(expected, await HourlyAsync(host, Metrics.RequestsWithinThreshold, route, null, 250));
        }
    }

    [Fact]
    public async Task Collect_NoSloDefinitions_QueryUnchangedAndNoWithinSeries()
    {
        var events = Plant(new Random(7), seconds: false);
        var insights = Evaluating(events);
        await using var server = await FakeAwsServer.StartAsync(insights.Handle);
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1", configure: OneLogGroup(a => a.TenantField = ""));

        var summary = await host.CollectAsync(host.Logs, From, To);

        Assert.Empty(summary.Failures);
        Assert.DoesNotContain("opsreport_le_", Assert.Single(insights.Started).QueryString, StringComparison.Ordinal);
        Assert.Empty(await host.Store.FindSeriesAsync(new SeriesFilter(Metrics.RequestsWithinThreshold, Resolution.Hour, (Dims.Env, "prod"))));
        Assert.Equal(ByHour(events.Where(e => Routes[e.Fields["path"]] == "/health")), await HourlyAsync(host, Metrics.Requests, "/health", null, null));
    }

    /// <summary>
    /// Requests over the four hours: log-normal durations around 200 ms with a slow tail, some exactly at a threshold
    /// (at-or-under must count them), about 3 % 5xx; every route and tenant has requests every hour.
    /// </summary>
    private static List<LogEvent> Plant(Random random, bool seconds)
    {
        var events = new List<LogEvent>();
        var raw = Routes.Keys.ToArray();
        for (var i = 0; i < 6000; i++)
        {
            var time = From.AddSeconds(random.Next(0, 4 * 3600));
            var ms = random.Next(20) switch
            {
                0 => 250.0,
                1 => 2000.0,
                _ => Math.Round(Math.Exp(Math.Log(200) + (0.9 * Gaussian(random))), 1),
            };
            var duration = seconds ? (ms / 1000).ToString("0.####", CultureInfo.InvariantCulture) : ms.ToString(CultureInfo.InvariantCulture);
            events.Add(new LogEvent(time, new Dictionary<string, string>
            {
                ["path"] = raw[i % raw.Length],
                ["tenant"] = Tenants[(i / raw.Length) % Tenants.Length],
                [seconds ? "duration" : "duration_ms"] = duration,
                ["status"] = random.NextDouble() < 0.03 ? "503" : "200",
            }));
        }
        return events;
    }

    private static FakeInsights Evaluating(List<LogEvent> events) =>
        new() { Rows = (query, start, end) => InsightsLogEvaluator.Run(query, Between(events, start, end)) };

    private static Action<AwsEnvironmentOptions> OneLogGroup(Action<AwsEnvironmentOptions>? more = null) => a =>
    {
        a.LogGroups = ["/ecs/api"];
        a.CostExplorer = false;
        more?.Invoke(a);
    };

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    // StartQuery's endTime is inclusive (whole seconds).
    private static IEnumerable<LogEvent> Between(List<LogEvent> events, long start, long end) =>
        events.Where(e => e.Time.ToUnixTimeSeconds() >= start && e.Time.ToUnixTimeSeconds() <= end);

    private static double[] ByHour(IEnumerable<LogEvent> events)
    {
        var counts = events.GroupBy(e => (e.Time - From).Hours).ToDictionary(g => g.Key, g => (double)g.Count());
        return [.. Enumerable.Range(0, 4).Select(h => counts.GetValueOrDefault(h))];
    }

    private static async Task<double[]> HourlyAsync(AwsTestHost host, string metric, string path, string? tenant, long? thresholdMs)
    {
        var dims = new List<(string, string)> { (Dims.Env, "prod"), (Dims.Path, path), (Dims.Tenant, tenant ?? SeriesFilter.Absent) };
        if (thresholdMs is { } ms)
            dims.Add((Dims.ThresholdMs, ms.ToString(CultureInfo.InvariantCulture)));
        var one = Assert.Single(await host.Store.QueryAsync(new SeriesFilter(metric, Resolution.Hour, [.. dims]), new TimeWindow(From, To)));
        var byHour = one.Points.ToDictionary(p => (p.Timestamp - From).Hours, p => p.Value);
        return [.. Enumerable.Range(0, 4).Select(h => byHour.GetValueOrDefault(h))];
    }
}
