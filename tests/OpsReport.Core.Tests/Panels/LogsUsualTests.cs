using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Tests.Analysis;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Panels;

/// <summary>
/// One definition of "usual" log volume: a Datadog-shaped store (a service's log bytes, no level split) with DEBUG-like
/// volume planted for the last three days; the finding's "N× its usual volume" and /logs for the same hours agree.
/// </summary>
public sealed class LogsUsualTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = Synthetic.Jst(2026, 11, 18, 12).AddMinutes(20);
    private static readonly DateTimeOffset SpikeOn = Synthetic.Jst(2026, 11, 15, 14);
    private const string Env = "prod";
    private const string Service = "billing-sync";
    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    [Fact]
    public async Task Ratio_DatadogShapedSpike_FindingAndLogsPageGiveTheSameRatio()
    {
        var options = new OpsReportOptions
        {
            Demo = new DemoOptions { Enabled = false },
            Environments = [new EnvironmentOptions { Name = Env }],
            BaseUrl = "https://ops.example.com/",
        };
        var asOf = TimeWindow.FloorToHour(Now);
        var start = asOf.AddDays(-35);
        var traffic = Synthetic.Traffic(start, (int)(asOf - start).TotalHours, new Random(7), 4_000_000);
        var bytes = traffic.Values.Select((v, i) => traffic.TimeAt(i) >= SpikeOn ? (v * 9) + 30_000_000 : v).ToArray();
        // Datadog's shape: the service is the log group, marked as Datadog's; bytes only, no level split.
        var key = new SeriesKey(Metrics.LogBytes, Resolution.Hour, (Dims.Env, Env), (Dims.LogGroup, Service), (Dims.Source, "datadog"));
        await _temp.Store.CommitAsync([new SeriesPoints(key, bytes.Select((v, i) => new Point(start.AddHours(i), Math.Round(v))).ToList())]);
        var zone = new ZoneCalendar("Asia/Tokyo");
        var runner = new AnalysisRunner(_temp.Store, new EnvironmentCatalog(options), Microsoft.Extensions.Options.Options.Create(options), zone,
            new TenantDirectory(_temp.Store), new FixedTimeProvider(Now), [], NullLogger<AnalysisRunner>.Instance);

        await runner.RunAsync();
        var finding = (await _temp.Store.GetFindingsAsync(Env, null)).Single(f => f.Kind is FindingKind.LogVolume or FindingKind.DebugLogging && f.Subject == Service);
        // The finding's ratio describes the last 24 judged hours of the open episode: the 24 hours up to the last complete hour.
        var logs = await new LogsQuery(_temp.Store, Microsoft.Extensions.Options.Options.Create(options), zone)
            .BuildAsync(Env, new TimeWindow(asOf.AddHours(-24), asOf));
        var group = logs.Groups.Single(g => g.LogGroup == Service);

        Console.WriteLine($"finding ratio {finding.Numbers[Facts.Ratio]}, /logs ratio {group.Ratio:0.0000}");
        Assert.Equal(FindingState.Open, finding.State);
        Assert.True(finding.Numbers[Facts.Ratio] >= 3, $"finding ratio {finding.Numbers[Facts.Ratio]}");
        Assert.Equal(finding.Numbers[Facts.Ratio], Math.Round(group.Ratio!.Value, 2));
        // No level split: the mix is unknown, never "DEBUG 0 %".
        Assert.Null(group.DebugShare);
        Assert.Empty(group.Levels);
    }
}
