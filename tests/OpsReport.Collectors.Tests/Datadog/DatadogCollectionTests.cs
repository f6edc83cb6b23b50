using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>
/// End to end: <c>collect --source datadog</c> as the runner does it, against the fake Datadog (demo data behind it),
/// into a real SQLite store: a 35-day backfill of prod and staging.
/// </summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogCollectionTests(DatadogDemoFixture demo, ITestOutputHelper output)
{
    private static readonly TimeWindow Backfill = new(DemoSetup.Now - TimeSpan.FromDays(35), DemoSetup.Now);

    [Fact]
    public async Task Collect_Backfill_CountsEveryRequestTheFakeReceived()
    {
        var collected = await demo.CollectedAsync();
        var summary = collected.Summary;

        output.WriteLine($"collect: {summary}; paced over {collected.PacedFor} of virtual time");
        foreach (var group in collected.Requests.GroupBy(r => r.Method + " " + r.Path))
            output.WriteLine($"  {group.Key}: {group.Count()}");
        Assert.Empty(summary.Failures);
        Assert.Empty(collected.Host.Fake.Errors);
        Assert.Equal(collected.Requests.Count, summary.ApiCalls);
        // prod and staging share keys: one organization, so usage and cost are collected once (by prod).
        Assert.Equal(8, summary.Streams);
        var runs = await collected.Host.Temp.Store.GetRunsAsync(null, 10_000);
        Assert.All(runs.Where(r => r.Source == DatadogSource.SourceName), r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.Equal(summary.ApiCalls, runs.Where(r => r.Source == DatadogSource.SourceName && r.Stream != DatadogLogLevelMixProvider.LevelMixStream).Sum(r => r.Usage.ApiCalls));
        // Progress is reported per committed window, e.g. 5 weekly latency windows per environment.
        Assert.Equal(5, collected.Progress.Count(p => p.Stream == new StreamId(DatadogSource.SourceName, "prod", DatadogSource.LatencyStream) && !p.Completed));
    }

    [Fact]
    public async Task Collect_Backfill_AsksOneQueryPerMetricPerWindowGroupedByTags()
    {
        var collected = await demo.CollectedAsync();
        var timeseries = collected.Requests.Where(r => r.Path == "/api/v2/query/timeseries").ToList();

        // Per environment and weekly window: latency hourly, latency by local day and week, memory, log volume.
        Assert.Equal(2 * 5 * 4, timeseries.Count);
        // Day and week percentiles come from the calendar-rolled-up timeseries request: no scalar request at all.
        Assert.Equal(0, collected.Requests.Count(r => r.Path == "/api/v2/query/scalar"));
        var latency = timeseries.Where(r => r.Body.Contains("trace.http.request", StringComparison.Ordinal)).ToList();
        Assert.Equal(2 * 5 * 2, latency.Count);
        var hourly = latency.Where(r => !r.Body.Contains(".rollup(", StringComparison.Ordinal)).ToList();
        var calendar = latency.Where(r => r.Body.Contains(".rollup(", StringComparison.Ordinal)).ToList();
        Assert.Equal(2 * 5, hourly.Count);
        Assert.Equal(2 * 5, calendar.Count);
        foreach (var request in latency)
        {
            // Ten queries (per period kind for the calendar request), each grouped: never one query per resource or tenant.
            var kinds = request.Body.Contains(".rollup(", StringComparison.Ordinal) ? CountOf(request.Body, "weekly, monday") > 0 ? 2 : 1 : 1;
            Assert.Equal(10 * kinds, CountOf(request.Body, "\"data_source\""));
            Assert.Equal(10 * kinds, CountOf(request.Body, " by {"));
            Assert.DoesNotContain("resource_name:", request.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("tenant:", request.Body, StringComparison.Ordinal);
        }
        // Every calendar request rolls every query up in the configured zone, and together they ask every local day.
        Assert.All(calendar, r => Assert.All(FakeDatadogRequest.MetricQueries(r), q => Assert.EndsWith($"'{demo.Data.Calendar.ZoneId}')", q, StringComparison.Ordinal)));
        Assert.Equal(2 * 5 * 10, calendar.Sum(r => CountOf(r.Body, "daily, 12am")));
        // The log usage metrics: bytes and events together, one request per weekly window.
        var logVolume = timeseries.Where(r => r.Body.Contains(DatadogLogVolumeCollector.BytesMetric, StringComparison.Ordinal)).ToList();
        Assert.Equal(2 * 5, logVolume.Count);
        Assert.All(logVolume, r => Assert.Contains(DatadogLogVolumeCollector.EventsMetric, r.Body, StringComparison.Ordinal));
        Assert.Equal(0, collected.Requests.Count(r => r.Path == "/api/v1/query"));
        Assert.All(collected.Requests, r => Assert.Equal(FakeDatadogServer.ApiKey, r.ApiKey));
    }

    [Fact]
    public async Task Collect_Backfill_StoresLatencyPerEndpointAndTenantAsTheDemoHasIt()
    {
        var collected = await demo.CollectedAsync();
        var store = collected.Host.Temp.Store;
        var source = demo.Data.Store;

        // Hourly p95 per endpoint, with the route template and service of the demo path.
        var hourly = await SingleAsync(store, new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, DemoCatalog.SlowPath), (Dims.Tenant, SeriesFilter.Absent)));
        Assert.Equal(DemoCatalog.ServiceApi, hourly.Key[Dims.Service]);
        var expected = await SingleAsync(source, new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, DemoCatalog.SlowPath), (Dims.Tenant, SeriesFilter.Absent)));
        AssertSamePoints(expected.Points, hourly.Points);

        // Day and week p95 come from Datadog's percentile over the period, so they equal the demo's exact rollups.
        foreach (var resolution in new[] { Resolution.Day, Resolution.Week })
        {
            var rollup = await SingleAsync(store, new SeriesFilter(Metrics.LatencyP95, resolution, (Dims.Env, "prod"), (Dims.Path, DemoCatalog.SlowPath), (Dims.Tenant, SeriesFilter.Absent)));
            var demoRollup = await SingleAsync(source, new SeriesFilter(Metrics.LatencyP95, resolution, (Dims.Env, "prod"), (Dims.Path, DemoCatalog.SlowPath), (Dims.Tenant, SeriesFilter.Absent)));
            Assert.NotEmpty(rollup.Points);
            AssertSamePoints(demoRollup.Points.Where(p => rollup.Points.Any(r => r.Timestamp == p.Timestamp)).ToList(), rollup.Points);
            Assert.All(rollup.Points, p => Assert.Equal(resolution == Resolution.Day ? demo.Data.Calendar.DayOf(p.Timestamp).Start : demo.Data.Calendar.WeekOf(p.Timestamp).Start, p.Timestamp));
        }
        var days = await SingleAsync(store, new SeriesFilter(Metrics.LatencyP95, Resolution.Day, (Dims.Env, "prod"), (Dims.Path, DemoCatalog.SlowPath), (Dims.Tenant, SeriesFilter.Absent)));
        // 35 complete local days, and today so far.
        Assert.Equal(36, days.Points.Count);
        Assert.Equal(demo.Data.Calendar.DayOf(DemoSetup.Now).Start, days.Points[^1].Timestamp);

        // Per tenant from the tenant metric (nanoseconds, no unit in the answer: TenantMetricUnit applies), with counts and errors.
        foreach (var metric in new[] { Metrics.LatencyP95, Metrics.Requests, Metrics.Errors })
        {
            var filter = new SeriesFilter(metric, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, DemoCatalog.SlowPath), (Dims.Tenant, DemoCatalog.SlowTenantId));
            AssertSamePoints((await SingleAsync(source, filter)).Points, (await SingleAsync(store, filter)).Points);
        }
        var names = await new TenantDirectory(store).GetNamesAsync("prod");
        Assert.Equal("株式会社サクラ物流", names[DemoCatalog.SlowTenantId]);
    }

    [Fact]
    public async Task Collect_Backfill_StoresMemoryLogVolumeUsageAndCost()
    {
        var collected = await demo.CollectedAsync();
        var store = collected.Host.Temp.Store;
        var source = demo.Data.Store;

        // Memory as utilization: usage ÷ limit × 100.
        var memory = await SingleAsync(store, new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, "prod"), (Dims.Service, DemoCatalog.LeakingService)));
        AssertSamePoints((await SingleAsync(source, new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, "prod"), (Dims.Service, DemoCatalog.LeakingService)))).Points, memory.Points);

        // Log volume per service, the service standing where CloudWatch has a log group.
        var service = DemoDatadogData.ServiceOf(DemoCatalog.BillingSyncLogGroup("staging"));
        var bytes = await SingleAsync(store, new SeriesFilter(Metrics.LogBytes, Resolution.Hour, (Dims.Env, "staging"), (Dims.LogGroup, service), (Dims.Level, SeriesFilter.Absent)));
        Assert.Equal(DatadogSource.SourceName, bytes.Key[Dims.Source]);
        var demoBytes = await SingleAsync(source, new SeriesFilter(Metrics.LogBytes, Resolution.Hour, (Dims.Env, "staging"), (Dims.LogGroup, DemoCatalog.BillingSyncLogGroup("staging")), (Dims.Level, SeriesFilter.Absent)));
        // Log volume settles longer: the backfill ends at the last hour settled at its start.
        var settledUntil = TimeWindow.FloorToHour(DemoSetup.Now - DatadogSource.LogsSettle);
        AssertSamePoints([.. demoBytes.Points.Where(p => p.Timestamp < settledUntil)], bytes.Points);
        Assert.Single(await store.FindSeriesAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.Env, "staging"), (Dims.LogGroup, service), (Dims.Level, SeriesFilter.Absent))));

        // Usage: the organization's, under its first environment only.
        var usage = await store.QueryAsync(new SeriesFilter(DatadogSource.UsageMetric, Resolution.Hour, (Dims.Env, "prod")), Backfill);
        Assert.Contains(usage, s => s.Key[DatadogSource.ProductFamilyDim] == "logs" && s.Key[Dims.UsageType] == "ingested_events_bytes" && s.Points.Count > 24 * 30);
        Assert.Contains(usage, s => s.Key[DatadogSource.ProductFamilyDim] == "indexed_spans");
        Assert.Contains(usage, s => s.Key[DatadogSource.ProductFamilyDim] == "infra_hosts");
        Assert.Empty(await store.FindSeriesAsync(new SeriesFilter(DatadogSource.UsageMetric, Resolution.Hour, (Dims.Env, "staging"))));

        // Cost per product and UTC day: Datadog's month-to-date figures turned back into each day's own cost.
        var cost = await SingleAsync(store, new SeriesFilter(Metrics.CostDaily, Resolution.Day, (Dims.Env, "prod"), (Dims.AwsService, "Datadog"), (Dims.UsageType, "apm_host")));
        Assert.All(cost.Points, p => Assert.Equal(12.4, p.Value, 3));
        // Estimated cost exists for the current and the previous month only (from 1 October for 18 November).
        Assert.Equal(new DateTimeOffset(2026, 10, 14, 0, 0, 0, TimeSpan.Zero), cost.Points[0].Timestamp);
        var logsCost = await SingleAsync(store, new SeriesFilter(Metrics.CostDaily, Resolution.Day, (Dims.Env, "prod"), (Dims.AwsService, "Datadog"), (Dims.UsageType, "logs_ingested")));
        var day = new DateOnly(2026, 11, 10);
        var expected = (await demo.Data.DailyCostAsync(["prod", "staging"], day)).Single(c => c.Product == "logs_ingested").Usd;
        Assert.Equal(expected, logsCost.Points.Single(p => p.Timestamp == new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)).Value, 3);
    }

    [Fact]
    public async Task Collect_WindowAlreadyCollected_SendsNoRequest()
    {
        var collected = await demo.CollectedAsync();
        var host = collected.Host;
        var before = host.Fake.Requests.Count;

        var summary = await host.Runner().RunOnceAsync(
            new CollectionRequest(DatadogSource.SourceName, "prod", DemoSetup.Now - TimeSpan.FromDays(10), DemoSetup.Now - TimeSpan.FromDays(3)), null, CancellationToken.None);

        Assert.Empty(summary.Failures);
        Assert.Equal(0, summary.ApiCalls);
        Assert.Equal(before, host.Fake.Requests.Count);
    }

    [Fact]
    public async Task Collect_AnHourLater_AsksOnlyForTheNewHour()
    {
        var collected = await demo.CollectedAsync();
        var host = collected.Host;
        var before = host.Fake.Requests.Count;
        host.Clock.Advance(TimeSpan.FromHours(1));

        var summary = await host.CollectAsync();

        var sent = host.Fake.Requests.Skip(before).ToList();
        output.WriteLine($"an hour later: {summary}");
        foreach (var group in sent.GroupBy(r => r.Method + " " + r.Path))
            output.WriteLine($"  {group.Key}: {group.Count()}");
        Assert.Empty(summary.Failures);
        Assert.Equal(sent.Count, summary.ApiCalls);
        // Per environment: the hour's latency (1) with today and this week so far (1, one calendar-rolled-up request),
        // memory (1), log bytes and events (1), log levels (1), and the organization's usage (1, prod only); a new hour
        // may fall in two windows' worth at most.
        Assert.InRange(summary.ApiCalls, (2 * 5) + 1, (2 * 2 * 5) + 1);
    }

    [Fact]
    public async Task Overview_DatadogEnvironments_ShowEveryPanel()
    {
        var collected = await demo.CollectedAsync();
        var store = collected.Host.Temp.Store;
        var standup = DashboardLoader.LoadDirectory(RepositoryFiles.Dashboards).Single(d => d.Name == "standup");
        var calendar = demo.Data.Calendar;
        var composer = new DashboardComposer(new PanelQueries(store, new TenantDirectory(store), calendar), new ManualTimeProvider(DemoSetup.Now), calendar);
        var catalog = new EnvironmentCatalog(collected.Host.Options);

        // Usage and cost belong to the organization: its cost shows under prod, the first environment using the keys.
        foreach (var (env, withCost) in new[] { ("prod", true), ("staging", false) })
        {
            var info = catalog.Find(env)!;
            Assert.False(info.IsDemo);
            var periods = OverviewRange.Week.Periods(DemoSetup.Now, calendar);
            var dashboard = await composer.ComposeAsync(standup, info, periods, OverviewRange.Week.ChartWindow(DemoSetup.Now), Resolution.Hour);
            foreach (var panel in dashboard.Panels)
            {
                output.WriteLine($"{env} {panel.Kind}: {panel.Table.Rows.Count} rows {string.Join(" | ", panel.Notes)}");
                if (panel.Kind == PanelKind.Cost && !withCost)
                    Assert.Empty(panel.Table.Rows);
                else
                    Assert.NotEmpty(panel.Table.Rows);
            }
        }
    }

    private static async Task<SeriesPoints> SingleAsync(IMetricStore store, SeriesFilter filter) =>
        Assert.Single(await store.QueryAsync(filter, new TimeWindow(Backfill.Start - TimeSpan.FromDays(7), Backfill.End)));

    private static void AssertSamePoints(IReadOnlyList<Point> expected, IReadOnlyList<Point> actual)
    {
        var byTime = actual.ToDictionary(p => p.Timestamp, p => p.Value);
        var compared = 0;
        foreach (var p in expected.Where(p => Backfill.Contains(p.Timestamp)))
        {
            Assert.True(byTime.TryGetValue(p.Timestamp, out var v), $"no point at {p.Timestamp:O}");
            Assert.Equal(p.Value, v, 0.0011 + (Math.Abs(p.Value) * 1e-9));
            compared++;
        }
        Assert.True(compared > 0, "nothing compared");
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
