using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Reports.Tests.Support;

/// <summary>
/// A small hand-made dataset for env <c>prod</c> over ISO weeks 2026-W46 and 2026-W47 in Asia/Tokyo: latency per path
/// and per tenant (hour, day and week rollups), memory, log volume with a DEBUG spike, and daily cost. Planted gaps:
/// /api/health has no W46 rollup, S3 cost has no W46 days, and /api/reports/{id} misses six hours on Wednesday of W47.
/// </summary>
public static class WeeklyDataset
{
    public const string Environment = "prod";
    public const string Period = "2026-W47";
    public const string PreviousPeriod = "2026-W46";
    public const string Zone = "Asia/Tokyo";
    public const string SakuraId = "sakura-logistics";
    public const string SakuraName = "株式会社サクラ物流";
    public const string ReportsPath = "/api/reports/{id}";
    public const string ExportPath = "/api/export/{id}";
    public const string LoginPath = "/api/login";
    public const string HealthPath = "/api/health";

    /// <summary>Tuesday 2026-11-24 12:00 in Tokyo: W47 is the previous complete week.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    public static readonly ZoneCalendar Calendar = new(Zone);

    public static TimeWindow Week47 => Calendar.IsoWeek(2026, 47);

    public static TimeWindow Week46 => Calendar.IsoWeek(2026, 46);

    /// <summary>The hours of Wednesday 2026-11-18 10:00–16:00 JST with no /api/reports/{id} data.</summary>
    public static TimeWindow HourlyGap => new(Calendar.FromLocal(new DateTime(2026, 11, 18, 10, 0, 0)), Calendar.FromLocal(new DateTime(2026, 11, 18, 16, 0, 0)));

    public static async Task SeedAsync(IMetricStore store)
    {
        var batch = new List<SeriesPoints>();
        var weeks = new[] { Week46, Week47 };

        // (path, service, p95 W46, p95 W47, requests per hour)
        var paths = new (string Path, string Service, double P95Before, double P95After, double PerHour)[]
        {
            (ReportsPath, "api", 220, 265, 420),
            (ExportPath, "api", 780, 910, 150),
            (LoginPath, "auth", 120, 118, 260),
            (HealthPath, "api", 9, 9.5, 60),
        };
        foreach (var p in paths)
        {
            var dims = new[] { (Dims.Env, Environment), (Dims.Service, p.Service), (Dims.Path, p.Path) };
            var hours = Hours(Week46.Start, Week47.End)
                .Where(t => !(p.Path == ReportsPath && HourlyGap.Contains(t)))
                .Where(t => p.Path != HealthPath || Week47.Contains(t))
                .ToList();
            batch.Add(Series(Metrics.LatencyP95, Resolution.Hour, dims, hours, t => Shape(t, Week47.Contains(t) ? p.P95After : p.P95Before)));
            batch.Add(Series(Metrics.LatencyP99, Resolution.Hour, dims, hours, t => 1.8 * Shape(t, Week47.Contains(t) ? p.P95After : p.P95Before)));
            batch.Add(Series(Metrics.Requests, Resolution.Hour, dims, hours, t => Math.Round(p.PerHour * Traffic(t))));

            var days = Calendar.DaysIn(new TimeWindow(Week46.Start, Week47.End)).Select(d => d.Start)
                .Where(t => p.Path != HealthPath || Week47.Contains(t)).ToList();
            batch.Add(Series(Metrics.LatencyP95, Resolution.Day, dims, days, t => Week47.Contains(t) ? p.P95After : p.P95Before));
            batch.Add(Series(Metrics.LatencyP99, Resolution.Day, dims, days, t => 1.8 * (Week47.Contains(t) ? p.P95After : p.P95Before)));
            batch.Add(Series(Metrics.Requests, Resolution.Day, dims, days, _ => p.PerHour * 24));

            var weekStarts = weeks.Select(w => w.Start).Where(t => p.Path != HealthPath || t == Week47.Start).ToList();
            batch.Add(Series(Metrics.LatencyP95, Resolution.Week, dims, weekStarts, t => t == Week47.Start ? p.P95After : p.P95Before));
            batch.Add(Series(Metrics.LatencyP99, Resolution.Week, dims, weekStarts, t => 1.8 * (t == Week47.Start ? p.P95After : p.P95Before)));
            batch.Add(Series(Metrics.Requests, Resolution.Week, dims, weekStarts, _ => p.PerHour * 168));
        }

        // (tenant, path, p95 W46, p95 W47, requests per week): Sakura got slow on exports; the others are fine.
        var tenants = new (string Tenant, string Path, double Before, double After, double PerWeek)[]
        {
            (SakuraId, ExportPath, 900, 2650, 4200),
            ("acme", ExportPath, 760, 780, 9000),
            ("globex", ReportsPath, 230, 270, 30000),
            ("tiny-co", ReportsPath, 5000, 6000, 12),
        };
        foreach (var t in tenants)
        {
            var dims = new[] { (Dims.Env, Environment), (Dims.Service, "api"), (Dims.Path, t.Path), (Dims.Tenant, t.Tenant) };
            var hours = Hours(Week46.Start, Week47.End).ToList();
            batch.Add(Series(Metrics.LatencyP95, Resolution.Hour, dims, hours, x => Shape(x, Week47.Contains(x) ? t.After : t.Before)));
            batch.Add(Series(Metrics.Requests, Resolution.Hour, dims, hours, x => Math.Round(t.PerWeek / 168 * Traffic(x))));
            var days = Calendar.DaysIn(new TimeWindow(Week46.Start, Week47.End)).Select(d => d.Start).ToList();
            batch.Add(Series(Metrics.LatencyP95, Resolution.Day, dims, days, x => Week47.Contains(x) ? t.After : t.Before));
            batch.Add(Series(Metrics.Requests, Resolution.Day, dims, days, _ => t.PerWeek / 7));
            var weekStarts = weeks.Select(w => w.Start).ToList();
            batch.Add(Series(Metrics.LatencyP95, Resolution.Week, dims, weekStarts, x => x == Week47.Start ? t.After : t.Before));
            batch.Add(Series(Metrics.Requests, Resolution.Week, dims, weekStarts, _ => t.PerWeek));
        }

        // Memory: the api service creeps up between deploys (a leak hidden by restarts); the worker is flat.
        var memoryHours = Hours(Week46.Start, Week47.End).ToList();
        batch.Add(Series(Metrics.MemoryUtilization, Resolution.Hour, [(Dims.Env, Environment), (Dims.Service, "api")], memoryHours,
            t => 40 + ((t - Week46.Start).TotalHours % 96) * 0.3 + (Week47.Contains(t) ? 6 : 0)));
        batch.Add(Series(Metrics.MemoryUtilization, Resolution.Hour, [(Dims.Env, Environment), (Dims.Service, "worker")], memoryHours,
            t => 31 + 2 * Math.Sin((t - Week46.Start).TotalHours / 24 * 2 * Math.PI)));

        // Logs: DEBUG switched on in the export worker for W47 (volume ×12, mostly DEBUG lines).
        foreach (var (group, before, after) in new[] { ("/aws/lambda/export-worker", 2e6, 24e6), ("/ecs/api", 10e6, 10.5e6) })
        {
            var dims = new[] { (Dims.Env, Environment), (Dims.LogGroup, group) };
            batch.Add(Series(Metrics.LogBytes, Resolution.Hour, dims, memoryHours, t => (Week47.Contains(t) ? after : before) * Traffic(t)));
            batch.Add(Series(Metrics.LogEvents, Resolution.Hour, dims, memoryHours, t => Math.Round((Week47.Contains(t) ? after : before) / 800 * Traffic(t))));
            if (group.Contains("export", StringComparison.Ordinal))
            {
                batch.Add(Series(Metrics.LogEvents, Resolution.Hour, [.. dims, (Dims.Level, "DEBUG")], memoryHours.Where(Week47.Contains).ToList(),
                    t => Math.Round(after / 800 * Traffic(t) * 0.9)));
            }
        }

        // Cost: UTC billing days (Cost Explorer); S3 only since W47 started, so its W46 cost is missing, not zero.
        var costDays = Enumerable.Range(0, 36).Select(i => new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero).AddDays(i)).ToList();
        foreach (var (service, before, after) in new[] { ("AmazonCloudWatch", 12.0, 41.5), ("AmazonEC2", 150.0, 152.0), ("AmazonRDS", 80.0, 80.0), ("AmazonS3", 3.0, 3.4) })
        {
            var days = service == "AmazonS3" ? costDays.Where(d => d >= new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero)).ToList() : costDays;
            batch.Add(Series(Metrics.CostDaily, Resolution.Day, [(Dims.Env, Environment), (Dims.AwsService, service), (Dims.Account, "123456789012")], days,
                d => d >= new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero) ? after : before));
        }

        await store.CommitAsync(batch);
        await TenantDirectory.PublishAsync(store, Environment, new Dictionary<string, string>
        {
            [SakuraId] = SakuraName,
            ["acme"] = "Acme Corporation",
            ["globex"] = "Globex",
        });
    }

    private static IEnumerable<DateTimeOffset> Hours(DateTimeOffset from, DateTimeOffset to)
    {
        for (var t = from; t < to; t = t.AddHours(1))
            yield return t;
    }

    /// <summary>Japanese business-hours traffic: busy 9:00–18:00 JST, quiet at night.</summary>
    internal static double Traffic(DateTimeOffset t)
    {
        var hour = Calendar.ToLocal(t).Hour;
        return hour is >= 9 and < 18 ? 1.6 : hour is >= 7 and < 22 ? 1.0 : 0.35;
    }

    private static double Shape(DateTimeOffset t, double level) => Math.Round(level * (0.85 + 0.25 * Traffic(t) / 1.6), 1);

    private static SeriesPoints Series(string metric, Resolution resolution, (string, string)[] dims, IReadOnlyList<DateTimeOffset> at, Func<DateTimeOffset, double> value) =>
        new(new SeriesKey(metric, resolution, dims), at.Select(t => new Point(t, value(t))).ToList());
}
