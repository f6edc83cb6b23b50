using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Analysis;

/// <summary>
/// Cost movers named by the resource that explains them, on an account shaped like a real one (Cost Explorer's own
/// service names, several buckets and log groups), generated here without the demo source.
/// </summary>
public sealed class CostCauseTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Today = new(2026, 11, 18, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Today.AddHours(3);
    private static readonly DateTimeOffset GrowthStart = Today.AddDays(-15);
    private const string Env = "prod";
    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    [Fact]
    public async Task Detect_BucketGrowing40GbADayUnderSimpleStorageService_CostMoverNamesTheBucket()
    {
        var random = new Random(40);
        var start = Today.AddDays(-35);
        // Sizes at each UTC midnight: uploads grows 40 GB a day from GrowthStart; the archive and the backups stay flat.
        double Uploads(DateTimeOffset d) => 2000 + (d > GrowthStart ? 40 * (d - GrowthStart).TotalDays : 0);
        double Archive(DateTimeOffset d) => 650 + (random.NextDouble() * 2);
        double Backups(DateTimeOffset d) => 300 + (random.NextDouble() * 4);
        var days = Enumerable.Range(0, 35).Select(i => start.AddDays(i)).ToList();
        var sizes = new Dictionary<string, List<Point>>
        {
            ["customer-uploads"] = days.Select(d => new Point(d, Uploads(d) * 1e9)).ToList(),
            ["app-log-archive"] = days.Select(d => new Point(d, Archive(d) * 1e9)).ToList(),
            ["db-backups"] = days.Select(d => new Point(d, Backups(d) * 1e9)).ToList(),
        };
        var batch = sizes.Select(kv => new SeriesPoints(new SeriesKey(Metrics.BucketSize, Resolution.Day, (Dims.Env, Env), (Dims.Bucket, kv.Key)), kv.Value)).ToList();
        // The bill: 0.025 USD per GB-month of everything stored, billed per UTC day, with a little rounding noise.
        var storage = days.Select(d => new Point(d, Math.Round((sizes.Values.Sum(s => s.First(p => p.Timestamp == d).Value) / 1e9 * 0.025 / 30) + (random.NextDouble() * 0.01), 4))).ToList();
        batch.Add(CostLine("Amazon Simple Storage Service", "APN1-TimedStorage-ByteHrs", storage));
        batch.Add(CostLine("Amazon Elastic Compute Cloud - Compute", "APN1-BoxUsage:m6i.large", days.Select(d => new Point(d, 8.9 + (random.NextDouble() * 0.05))).ToList()));
        await _temp.Store.CommitAsync(batch);

        var (findings, _) = await Runner().DetectAsync(new EnvironmentCatalog(Options()).Find(Env)!, TimeWindow.FloorToHour(Now), CancellationToken.None);

        var cost = Assert.Single(findings, f => f.Kind == FindingKind.CostMover);
        Assert.Equal("customer-uploads", cost.Subject);
        Assert.Equal("customer-uploads", cost.Labels[Facts.LabelBucket]);
        Assert.InRange(cost.Numbers[Facts.BucketGbPerDay], 35, 45);
        Assert.InRange(cost.Start, GrowthStart.AddDays(-1), GrowthStart.AddDays(1));
        Assert.Contains("customer-uploads", new FindingText("en", new ZoneCalendar("Asia/Tokyo")).Render(cost).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void LargestContributor_OneLogGroupRampsUp_NamesItAndItsVolumes()
    {
        var start = Today.AddDays(-28);
        RegularSeries Daily(Func<int, double> gb) => new(start, TimeSpan.FromDays(1), Enumerable.Range(0, 28).Select(gb).ToArray());
        var groups = new List<(string, RegularSeries)>
        {
            ("/ecs/orders", Daily(i => i < 18 ? 2 : 2 + (0.4 * (i - 17)))),
            ("/ecs/web", Daily(i => 5 + (0.05 * (i % 3)))),
            ("/aws/lambda/thumbnailer", Daily(i => 0.5 + (i >= 20 ? 0.1 : 0))),
        };

        var cause = new CostMoverDetector(new AnalysisOptions()).LargestContributor(groups, start.AddDays(18), Today);

        Assert.NotNull(cause);
        Assert.Equal("/ecs/orders", cause.Value.Name);
        Assert.Equal(2, cause.Value.Before, 2);
        Assert.InRange(cause.Value.Now, 5, 6.5);
    }

    [Fact]
    public void LargestContributor_EveryGroupGrowsALittle_NamesNone()
    {
        var start = Today.AddDays(-28);
        var groups = Enumerable.Range(0, 4).Select(k => ($"/ecs/svc-{k}", new RegularSeries(start, TimeSpan.FromDays(1), Enumerable.Range(0, 28).Select(i => 1 + (i >= 18 ? 0.2 + (0.01 * k) : 0)).ToArray()))).ToList();

        Assert.Null(new CostMoverDetector(new AnalysisOptions()).LargestContributor(groups, start.AddDays(18), Today));
    }

    private static SeriesPoints CostLine(string service, string usageType, List<Point> points) =>
        new(new SeriesKey(Metrics.CostDaily, Resolution.Day, (Dims.Env, Env), (Dims.Account, "210987654321"), (Dims.AwsService, service), (Dims.UsageType, usageType)), points);

    private static OpsReportOptions Options() => new()
    {
        Demo = new DemoOptions { Enabled = false },
        Environments = [new EnvironmentOptions { Name = Env }],
    };

    private AnalysisRunner Runner()
    {
        var options = Options();
        return new AnalysisRunner(_temp.Store, new EnvironmentCatalog(options), Microsoft.Extensions.Options.Options.Create(options),
            new ZoneCalendar("Asia/Tokyo"), new TenantDirectory(_temp.Store), new FixedTimeProvider(Now), [], NullLogger<AnalysisRunner>.Instance);
    }
}
