using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>
/// The demo's planted incidents, placed relative to the anchor (the first time the demo source ran) so they keep their
/// place as the clock moves. Weekend lows and Monday peaks are ordinary seasonality and deliberately not listed here.
/// </summary>
public sealed class DemoIncidents
{
    public const string DebugLoggingName = "debug-logging";
    public const string DebugLoggingCostName = "debug-logging-cost";
    public const string MemoryLeakName = "memory-leak";
    public const string SlowTenantName = "slow-tenant";
    public const string BucketGrowthName = "bucket-growth";

    public DemoIncidents(DateTimeOffset anchor, IEnumerable<string> environments)
    {
        Anchor = TimeWindow.FloorToHour(anchor);
        var anchorDate = TokyoClock.DateOf(Anchor);
        DebugLoggingStart = TokyoClock.At(anchorDate.AddDays(-6), 14);
        MemoryLeakStart = TokyoClock.At(anchorDate.AddDays(-10), 11);
        SlowTenantStart = TokyoClock.At(anchorDate.AddDays(-3), 11);
        BucketGrowthStart = TokyoClock.At(anchorDate.AddDays(-21), 0);

        var all = new List<DemoIncident>();
        foreach (var env in environments)
        {
            switch (DemoCatalog.RoleOf(env))
            {
                case DemoEnvironmentRole.Staging:
                    var logGroup = DemoCatalog.BillingSyncLogGroup(env);
                    all.Add(new DemoIncident(DebugLoggingName, FindingKind.DebugLogging, env, logGroup, DebugLoggingStart,
                        DimensionsOf(env, (Dims.LogGroup, logGroup)),
                        $"DEBUG logging left on in {logGroup}: log volume far above its usual level, mostly DEBUG lines."));
                    all.Add(new DemoIncident(DebugLoggingCostName, FindingKind.CostMover, env, "AmazonCloudWatch " + DemoCost.LogIngestionUsageType, DebugLoggingStart,
                        DimensionsOf(env, (Dims.Account, DemoCatalog.AccountId(env)), (Dims.AwsService, "AmazonCloudWatch"),
                            (Dims.UsageType, DemoCost.LogIngestionUsageType)),
                        $"CloudWatch log ingestion cost of {env} rises with the DEBUG volume of {logGroup}."));
                    break;
                case DemoEnvironmentRole.Production:
                    all.Add(new DemoIncident(MemoryLeakName, FindingKind.MemoryTrend, env, DemoCatalog.LeakingService, MemoryLeakStart,
                        DimensionsOf(env, (Dims.Service, DemoCatalog.LeakingService)),
                        $"Slow memory leak in ECS service {DemoCatalog.LeakingService}, hidden by the restart at each weekday deploy."));
                    all.Add(new DemoIncident(SlowTenantName, FindingKind.SlowTenant, env, DemoCatalog.SlowTenantId, SlowTenantStart,
                        DimensionsOf(env, (Dims.Tenant, DemoCatalog.SlowTenantId), (Dims.Path, DemoCatalog.SlowPath),
                            (Dims.Service, DemoCatalog.ServiceApi)),
                        $"{DemoCatalog.TenantDisplayName(DemoCatalog.SlowTenantId)} slow on {DemoCatalog.SlowPath} since a deploy; other tenants are fine."));
                    all.Add(new DemoIncident(BucketGrowthName, FindingKind.CostMover, env, DemoCatalog.ArtifactBucket, BucketGrowthStart,
                        DimensionsOf(env, (Dims.Bucket, DemoCatalog.ArtifactBucket), (Dims.AwsService, "AmazonS3"),
                            (Dims.UsageType, DemoCost.StorageUsageType)),
                        $"Build-artifact bucket {DemoCatalog.ArtifactBucket} grows linearly with no lifecycle rule; S3 storage cost creeps up."));
                    break;
            }
        }
        All = all;
    }

    /// <summary>The first time the demo source ran, floored to the hour (UTC).</summary>
    public DateTimeOffset Anchor { get; }

    /// <summary>Anchor − 6 days, 14:00 Asia/Tokyo: recent enough that "yesterday vs the same day last week" shows it at full height.</summary>
    public DateTimeOffset DebugLoggingStart { get; }

    /// <summary>Anchor − 10 days, 11:00 Asia/Tokyo (the deploy that introduced the leak).</summary>
    public DateTimeOffset MemoryLeakStart { get; }

    /// <summary>Anchor − 3 days, 11:00 Asia/Tokyo (the deploy that made the export download slow for one tenant).</summary>
    public DateTimeOffset SlowTenantStart { get; }

    /// <summary>Anchor − 21 days, 00:00 Asia/Tokyo (the lifecycle rule was dropped).</summary>
    public DateTimeOffset BucketGrowthStart { get; }

    public IReadOnlyList<DemoIncident> All { get; }

    public IEnumerable<DemoIncident> In(string environment) => All.Where(i => i.Environment == environment);

    public DemoIncident? Find(string name, string? environment = null) =>
        All.FirstOrDefault(i => i.Name == name && (environment is null || i.Environment == environment));

    private static Dictionary<string, string> DimensionsOf(string env, params (string Name, string Value)[] dims)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal) { [Dims.Env] = env };
        foreach (var (name, value) in dims)
            result[name] = value;
        return result;
    }
}
