using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Demo;

public sealed class DemoIncidentTests(DemoDataFixture data) : IClassFixture<DemoDataFixture>
{
    private const string Prod = "prod";
    private const string Staging = "staging";

    [Fact]
    public void Incidents_FromAnchor_ArePlacedInTokyoTimeRelativeToTheAnchor()
    {
        var incidents = data.Incidents;

        Assert.Equal(new DateTimeOffset(2026, 11, 18, 3, 0, 0, TimeSpan.Zero), incidents.Anchor);
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 5, 0, 0, TimeSpan.Zero), incidents.DebugLoggingStart); // 14:00 JST
        Assert.Equal(new DateTimeOffset(2026, 11, 8, 2, 0, 0, TimeSpan.Zero), incidents.MemoryLeakStart); // 11:00 JST
        Assert.Equal(new DateTimeOffset(2026, 11, 15, 2, 0, 0, TimeSpan.Zero), incidents.SlowTenantStart); // 11:00 JST
        Assert.Equal(new DateTimeOffset(2026, 10, 27, 15, 0, 0, TimeSpan.Zero), incidents.BucketGrowthStart); // 00:00 JST
        Assert.Equal("/aws/lambda/billing-sync-staging", incidents.Find(DemoIncidents.DebugLoggingName, Staging)!.Subject);
        Assert.Equal("api", incidents.Find(DemoIncidents.MemoryLeakName, Prod)!.Subject);
        Assert.Equal("sakura-logistics", incidents.Find(DemoIncidents.SlowTenantName, Prod)!.Subject);
        Assert.Equal("sakura-ci-build-artifacts", incidents.Find(DemoIncidents.BucketGrowthName, Prod)!.Subject);
        Assert.Empty(incidents.In("demo"));
    }

    [Fact]
    public void DebugLogging_AfterStart_VolumeAtLeastTenfoldAndMostlyDebug()
    {
        var group = DemoCatalog.BillingSyncLogGroup(Staging);
        var start = data.Incidents.DebugLoggingStart;
        var events = data.Points(Metrics.LogEvents, Resolution.Hour, (Dims.Env, Staging), (Dims.LogGroup, group));
        var bytes = data.Points(Metrics.LogBytes, Resolution.Hour, (Dims.Env, Staging), (Dims.LogGroup, group));
        var debug = ByTime(data.Points(Metrics.LogEvents, Resolution.Hour, (Dims.Env, Staging), (Dims.LogGroup, group), (Dims.Level, "DEBUG")));

        var usualEvents = Median(events.Where(p => p.Timestamp < start).Select(p => p.Value));
        var usualBytes = Median(bytes.Where(p => p.Timestamp < start).Select(p => p.Value));
        Assert.All(events.Where(p => p.Timestamp >= start), p => Assert.True(p.Value >= 10 * usualEvents, $"{p.Timestamp:O}: {p.Value} events, usual {usualEvents}"));
        Assert.All(bytes.Where(p => p.Timestamp >= start), p => Assert.True(p.Value >= 10 * usualBytes, $"{p.Timestamp:O}: {p.Value} bytes, usual {usualBytes}"));
        Assert.All(events.Where(p => p.Timestamp >= start), p => Assert.True(debug[p.Timestamp] / p.Value > 0.8, $"{p.Timestamp:O}: DEBUG share {debug[p.Timestamp] / p.Value:P1}"));
        Assert.All(events.Where(p => p.Timestamp < start), p => Assert.True(debug[p.Timestamp] / p.Value < 0.05, $"{p.Timestamp:O}: DEBUG share {debug[p.Timestamp] / p.Value:P1} before the incident"));
        Assert.All(events.Where(p => p.Timestamp < start), p => Assert.True(p.Value < 3 * usualEvents));
    }

    [Fact]
    public void DebugLogging_OtherLogGroups_StayAtTheirUsualLevel()
    {
        var start = data.Incidents.DebugLoggingStart;
        foreach (var group in DemoCatalog.LogGroupsOf(Staging).Where(g => g != DemoCatalog.BillingSyncLogGroup(Staging)))
        {
            var events = data.Points(Metrics.LogEvents, Resolution.Hour, (Dims.Env, Staging), (Dims.LogGroup, group));
            var before = Median(events.Where(p => p.Timestamp < start && p.Timestamp >= start.AddDays(-7)).Select(p => p.Value));
            var after = Median(events.Where(p => p.Timestamp >= start).Select(p => p.Value));
            Assert.InRange(after / before, 0.5, 2.0);
        }
    }

    [Fact]
    public void DebugLogging_CloudWatchIngestionCost_RisesInStagingOnly()
    {
        var start = data.Incidents.DebugLoggingStart;
        foreach (var env in new[] { Staging, Prod })
        {
            var cost = data.Points(Metrics.CostDaily, Resolution.Day, (Dims.Env, env), (Dims.Account, DemoCatalog.AccountId(env)),
                (Dims.AwsService, "AmazonCloudWatch"), (Dims.UsageType, "APN1-DataProcessing-Bytes"));
            var before = cost.Where(p => p.Timestamp.AddDays(1) <= start).Average(p => p.Value);
            var after = cost.Where(p => p.Timestamp >= start).Average(p => p.Value);
            if (env == Staging)
                Assert.True(after >= 5 * before, $"staging CloudWatch ingestion ${before:0.00}/day before, ${after:0.00}/day after");
            else
                Assert.InRange(after / before, 0.7, 1.4);
        }
    }

    [Fact]
    public void MemoryLeak_ApiInProd_SawtoothWithRestartsAndSteeperGrowth()
    {
        var leak = data.Incidents.MemoryLeakStart;
        var api = Memory(Prod, "api");
        var restarts = api.Zip(api.Skip(1)).Where(p => p.First.Timestamp >= leak && p.Second.Value < p.First.Value - 5).Select(p => p.Second.Timestamp).ToList();

        // Weekday deploys at 11:00 JST (02:00 UTC) restart the service and hide the leak.
        Assert.True(restarts.Count >= 6, $"{restarts.Count} restarts after the leak started");
        Assert.All(restarts, t => Assert.Equal(2, t.Hour));

        var apiGrowth = GrowthPerHour(api, leak, DateTimeOffset.MaxValue);
        Assert.True(apiGrowth >= 0.25, $"api grows {apiGrowth:0.000} %/h within a deploy segment");
        foreach (var service in DemoCatalog.Services.Where(s => s != "api"))
        {
            var growth = GrowthPerHour(Memory(Prod, service), leak, DateTimeOffset.MaxValue);
            Assert.True(Math.Abs(growth) < 0.05, $"{service} grows {growth:0.000} %/h");
            Assert.True(apiGrowth > 5 * Math.Max(Math.Abs(growth), 0.01), $"api {apiGrowth:0.000} %/h vs {service} {growth:0.000} %/h");
        }

        var normal = Median(api.Where(p => p.Timestamp < leak).Select(p => p.Value));
        var peak = api.Where(p => p.Timestamp >= leak).Max(p => p.Value);
        Assert.True(peak >= normal + 15, $"api peaks at {peak:0.0}% against a usual {normal:0.0}%");
        Assert.True(Math.Abs(GrowthPerHour(api, DateTimeOffset.MinValue, leak)) < 0.05, "api did not leak before the incident");
    }

    [Fact]
    public void MemoryLeak_OtherEnvironments_Flat()
    {
        foreach (var env in new[] { Staging, "demo" })
        {
            var api = Memory(env, "api");
            Assert.True(api.Max(p => p.Value) - api.Min(p => p.Value) < 15, $"{env} api memory moves {api.Max(p => p.Value) - api.Min(p => p.Value):0.0} points");
        }
    }

    [Fact]
    public void SlowTenant_AfterDeploy_P95AtLeastThreeTimesBeforeAndOthers()
    {
        var start = data.Incidents.SlowTenantStart;
        var sakura = P95(Prod, DemoCatalog.SlowPath, DemoCatalog.SlowTenantId);
        var before = Median(sakura.Where(p => p.Timestamp < start).Select(p => p.Value));
        var after = Median(sakura.Where(p => p.Timestamp >= start).Select(p => p.Value));
        Assert.True(after >= 3 * before, $"p95 {after:0} ms after vs {before:0} ms before");

        var others = TenantsOn(Prod, DemoCatalog.SlowPath).Where(t => t != DemoCatalog.SlowTenantId).ToList();
        Assert.True(others.Count >= 5);
        foreach (var tenant in others)
        {
            var series = P95(Prod, DemoCatalog.SlowPath, tenant);
            var otherBefore = Median(series.Where(p => p.Timestamp < start).Select(p => p.Value));
            var otherAfter = Median(series.Where(p => p.Timestamp >= start).Select(p => p.Value));
            Assert.True(after >= 3 * otherAfter, $"{tenant}: {otherAfter:0} ms vs sakura {after:0} ms");
            Assert.InRange(otherAfter / otherBefore, 0.75, 1.33);
            Assert.True(before < 1.6 * otherBefore, $"sakura was already an outlier: {before:0} ms vs {tenant} {otherBefore:0} ms");
        }
    }

    [Fact]
    public void SlowTenant_OtherPathsOfTheTenant_AreFine()
    {
        var start = data.Incidents.SlowTenantStart;
        foreach (var path in DemoCatalog.Paths.Where(p => p.Template != DemoCatalog.SlowPath))
        {
            var series = P95(Prod, path.Template, DemoCatalog.SlowTenantId);
            var before = Median(series.Where(p => p.Timestamp < start).Select(p => p.Value));
            var after = Median(series.Where(p => p.Timestamp >= start).Select(p => p.Value));
            Assert.InRange(after / before, 0.75, 1.33);
        }
    }

    [Fact]
    public void BucketGrowth_ArtifactBucket_GrowsLinearlyAndS3CostCreepsUp()
    {
        var start = data.Incidents.BucketGrowthStart;
        const double gb = 1024.0 * 1024 * 1024;
        var size = data.Points(Metrics.BucketSize, Resolution.Day, (Dims.Env, Prod), (Dims.Bucket, DemoCatalog.ArtifactBucket));
        var steps = size.Zip(size.Skip(1)).Select(p => (At: p.Second.Timestamp, Gb: (p.Second.Value - p.First.Value) / gb)).ToList();

        Assert.All(steps.Where(s => s.At.AddDays(-1) >= start), s => Assert.InRange(s.Gb, 40, 80));
        Assert.All(steps.Where(s => s.At <= start), s => Assert.InRange(s.Gb, -5, 5));

        var s3 = data.Points(Metrics.CostDaily, Resolution.Day, (Dims.Env, Prod), (Dims.Account, DemoCatalog.AccountId(Prod)),
            (Dims.AwsService, "AmazonS3"), (Dims.UsageType, "APN1-TimedStorage-ByteHrs"));
        var before = s3.Where(p => p.Timestamp <= start).Average(p => p.Value);
        Assert.True(s3[^1].Value > 1.5 * before, $"S3 storage ${s3[^1].Value:0.00}/day now vs ${before:0.00}/day before");
        var afterStart = s3.Where(p => p.Timestamp > start).ToList();
        Assert.True(afterStart.Zip(afterStart.Skip(7)).All(p => p.Second.Value > p.First.Value), "S3 storage cost creeps up week over week");
    }

    [Fact]
    public void Seasonality_WeekdayBusinessHours_BusierThanWeekendAndMondayPeaks()
    {
        var hourly = new Dictionary<DateTimeOffset, double>();
        foreach (var (_, points) in data.Find(Metrics.Requests, Resolution.Hour, k => k[Dims.Env] == Prod && k[Dims.Tenant] is null))
        {
            foreach (var p in points)
                hourly[p.Timestamp] = hourly.GetValueOrDefault(p.Timestamp) + p.Value;
        }
        double Mean(Func<DateTime, bool> when) => hourly.Where(kv => when(DemoSetup.Tokyo.ToLocal(kv.Key).DateTime)).Average(kv => kv.Value);
        static bool Business(DateTime t) => t.Hour is >= 9 and < 19;
        static bool Weekend(DateTime t) => t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

        var weekday = Mean(t => !Weekend(t) && Business(t));
        var weekend = Mean(t => Weekend(t) && Business(t));
        var night = Mean(t => !Weekend(t) && t.Hour is >= 1 and < 5);
        var monday = Mean(t => t.DayOfWeek == DayOfWeek.Monday && t.Hour is >= 9 and < 12);
        var otherMornings = Mean(t => t.DayOfWeek is >= DayOfWeek.Tuesday and <= DayOfWeek.Friday && t.Hour is >= 9 and < 12);

        Assert.True(weekday > 2.5 * weekend, $"weekday {weekday:0} vs weekend {weekend:0} requests/h");
        Assert.True(weekday > 5 * night, $"business hours {weekday:0} vs night {night:0} requests/h");
        Assert.True(monday > 1.15 * otherMornings, $"Monday morning {monday:0} vs other mornings {otherMornings:0} requests/h");
    }

    [Fact]
    public void Seasonality_LatencyUnderLoad_RisesOnlyMildly()
    {
        var p95 = data.Points(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, Prod), (Dims.Service, "web"), (Dims.Path, "/dashboard"));
        var busy = Median(p95.Where(p => IsBusy(p.Timestamp)).Select(p => p.Value));
        var quiet = Median(p95.Where(p => !IsBusy(p.Timestamp)).Select(p => p.Value));
        Assert.InRange(busy / quiet, 1.02, 1.3);

        static bool IsBusy(DateTimeOffset t)
        {
            var local = DemoSetup.Tokyo.ToLocal(t);
            return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && local.Hour is >= 10 and < 18;
        }
    }

    private IReadOnlyList<Point> Memory(string env, string service) =>
        data.Points(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, env), (Dims.Service, service));

    private IReadOnlyList<Point> P95(string env, string path, string tenant)
    {
        var service = DemoCatalog.Paths.Single(p => p.Template == path).Service;
        return data.Points(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, env), (Dims.Service, service), (Dims.Path, path), (Dims.Tenant, tenant));
    }

    private IEnumerable<string> TenantsOn(string env, string path) =>
        data.Find(Metrics.Requests, Resolution.Hour, k => k[Dims.Env] == env && k[Dims.Path] == path && k[Dims.Tenant] is not null).Select(s => s.Key[Dims.Tenant]!);

    // Mean hour-to-hour change within deploy segments (a drop of more than 5 points is a restart and is left out).
    private static double GrowthPerHour(IReadOnlyList<Point> points, DateTimeOffset from, DateTimeOffset to)
    {
        var steps = points.Zip(points.Skip(1))
            .Where(p => p.First.Timestamp >= from && p.Second.Timestamp < to && p.Second.Value >= p.First.Value - 5)
            .Select(p => p.Second.Value - p.First.Value)
            .ToList();
        return steps.Average();
    }

    private static Dictionary<DateTimeOffset, double> ByTime(IEnumerable<Point> points) => points.ToDictionary(p => p.Timestamp, p => p.Value);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        Assert.NotEmpty(sorted);
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
