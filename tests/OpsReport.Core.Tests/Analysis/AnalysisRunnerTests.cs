using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Analysis;

/// <summary>The runner over a real SQLite store: identity, lifecycle, words, links, the level-mix provider and coverage.</summary>
public sealed class AnalysisRunnerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = Synthetic.Jst(2026, 11, 18, 12).AddMinutes(20);
    private static readonly DateTimeOffset DebugOn = Synthetic.Jst(2026, 11, 15, 14);
    private static readonly DateTimeOffset DebugOff = Synthetic.Jst(2026, 11, 18, 12);
    private const string Env = "staging";
    private const string Group = "/aws/lambda/sync";
    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    private static OpsReportOptions Options() => new()
    {
        Demo = new DemoOptions { Enabled = false },
        Environments = [new EnvironmentOptions { Name = Env }],
        BaseUrl = "https://ops.example.com/",
    };

    private AnalysisRunner Runner(DateTimeOffset now, params ILogLevelMixProvider[] providers)
    {
        var options = Options();
        return new AnalysisRunner(_temp.Store, new EnvironmentCatalog(options), Microsoft.Extensions.Options.Options.Create(options),
            new ZoneCalendar("Asia/Tokyo"), new TenantDirectory(_temp.Store), new FixedTimeProvider(now), providers, NullLogger<AnalysisRunner>.Instance);
    }

    /// <summary>35 days of a log group's hourly bytes and events (per level when <paramref name="levels"/>) up to <paramref name="until"/>.</summary>
    private async Task WriteLogsAsync(string group, DateTimeOffset until, bool levels)
    {
        var random = new Random(group.Length);
        var start = TimeWindow.FloorToHour(Now).AddDays(-35);
        var info = Synthetic.Traffic(start, (int)(until - start).TotalHours, random, 20_000);
        var debug = info.Values.Select((v, i) => info.TimeAt(i) >= DebugOn && info.TimeAt(i) < DebugOff ? v * 40 : v * 0.004).ToArray();
        var bytes = info.Values.Select((v, i) => (v * 300) + (debug[i] * 850)).ToArray();
        var key = new SeriesKey(Metrics.LogBytes, Resolution.Hour, (Dims.Env, Env), (Dims.LogGroup, group));
        var batch = new List<SeriesPoints> { Points(key, info.Start, bytes) };
        if (levels)
        {
            batch.Add(Points(key.WithMetric(Metrics.LogEvents).With(Dims.Level, "INFO"), info.Start, info.Values));
            batch.Add(Points(key.WithMetric(Metrics.LogEvents).With(Dims.Level, "DEBUG"), info.Start, debug));
        }
        await _temp.Store.CommitAsync(batch);
    }

    private static SeriesPoints Points(SeriesKey key, DateTimeOffset start, double[] values) =>
        new(key, values.Select((v, i) => new Point(start.AddHours(i), Math.Round(v))).ToList());

    [Fact]
    public async Task RunAsync_DebugLeftOn_OpensOneFindingWithWordsAndLink_AndRerunDoesNotDuplicate()
    {
        await WriteLogsAsync(Group, TimeWindow.FloorToHour(Now), levels: true);

        var first = await Runner(Now).RunAsync();
        var second = await Runner(Now.AddMinutes(5)).RunAsync();

        var f = Assert.Single(first.Findings);
        Assert.Equal(FindingKind.DebugLogging, f.Kind);
        Assert.Equal(DebugOn, f.Start);
        Assert.Equal(FindingState.Open, f.State);
        Assert.StartsWith("DEBUG logging has been on in /aws/lambda/sync (staging) since Sun 15 Nov 14:00:", f.Summary);
        Assert.Equal("https://ops.example.com/?env=staging&range=7d#panel-log_volume", f.Url);
        Assert.Equal("level-split series", f.Labels[Facts.LabelLevelSource]);
        Assert.Equal(f.Id, Assert.Single(second.Findings).Id);
        var stored = Assert.Single(await _temp.Store.GetFindingsAsync(Env));
        Assert.Equal(Group, stored.Labels[Facts.LabelLogGroup]);
        Assert.Equal(1, first.Opened);
        Assert.Equal(0, second.Opened);
    }

    [Fact]
    public async Task RunAsync_DebugSwitchedOff_ResolvesTheFindingWhenItWentBackToNormal()
    {
        await WriteLogsAsync(Group, DebugOff, levels: true);
        await Runner(DebugOff.AddMinutes(10)).RunAsync();
        await WriteLogsAsync(Group, DebugOff.AddHours(12), levels: true);

        var later = await Runner(DebugOff.AddHours(12).AddMinutes(10)).RunAsync();

        var f = Assert.Single(later.Findings);
        Assert.Equal(FindingState.Resolved, f.State);
        Assert.Equal(DebugOff, f.End);
        Assert.Equal(1, later.Resolved);
        Assert.Contains("was on in /aws/lambda/sync (staging) from Sun 15 Nov 14:00 to Wed 18 Nov 12:00", f.Summary);
        Assert.Empty(await _temp.Store.GetFindingsAsync(Env, FindingState.Open));
    }

    [Fact]
    public async Task RunAsync_NoLevelSplitSeries_AsksTheOnDemandProviderOnlyAboutTheAnomaly()
    {
        await WriteLogsAsync(Group, TimeWindow.FloorToHour(Now), levels: false);
        var provider = new FakeLevelMix();

        var summary = await Runner(Now, provider).RunAsync();

        var f = Assert.Single(summary.Findings);
        Assert.Equal(FindingKind.DebugLogging, f.Kind);
        Assert.Equal("on-demand log query", f.Labels[Facts.LabelLevelSource]);
        Assert.Equal("sync record {id} fetched", f.Labels[Facts.LabelPattern + "1"]);
        Assert.Contains("\"sync record {id} fetched\" (9,000)", f.Evidence);
        Assert.Equal(2, provider.Requests.Count);
        Assert.All(provider.Requests, r => Assert.Equal(Group, r.Dimensions[Dims.LogGroup]));
    }

    [Fact]
    public async Task RunAsync_SourceRunFailed_IsACoverageFindingUntilARunSucceeds()
    {
        var stream = new StreamId("aws", Env, "logs");
        var window = new TimeWindow(Now.AddHours(-2), Now.AddHours(-1));
        var failed = await _temp.Store.StartRunAsync(stream, window, Now.AddMinutes(-30));
        await _temp.Store.FinishRunAsync(failed, RunStatus.Failed, 0, ApiUsage.None, "AccessDenied: logs:StartQuery", Now.AddMinutes(-29));

        var f = Assert.Single((await Runner(Now).RunAsync()).Findings);
        Assert.Equal(FindingKind.Coverage, f.Kind);
        Assert.Equal("source:aws/logs", f.Subject);
        Assert.Contains("AccessDenied: logs:StartQuery", f.Summary);

        var ok = await _temp.Store.StartRunAsync(stream, window, Now.AddMinutes(5));
        await _temp.Store.FinishRunAsync(ok, RunStatus.Succeeded, 10, ApiUsage.None, null, Now.AddMinutes(6));
        var after = await Runner(Now.AddMinutes(10)).RunAsync();

        Assert.Equal(FindingState.Resolved, Assert.Single(after.Findings).State);
    }

    [Fact]
    public async Task RunAsync_UnknownEnvironment_SaysWhichExist()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Runner(Now).RunAsync("prd"));

        Assert.Equal("Unknown environment 'prd'. Known environments: staging.", e.Message);
    }

    private sealed class FakeLevelMix : ILogLevelMixProvider
    {
        public List<LogLevelMixRequest> Requests { get; } = [];

        public Task<LogLevelMix?> GetLevelMixAsync(LogLevelMixRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var during = request.Window.End > DebugOn;
            LogLevelMix mix = during
                ? new(new Dictionary<string, double> { ["DEBUG"] = 9_700, ["INFO"] = 300 }, [new LogPattern("sync record {id} fetched", "DEBUG", 9_000)])
                : new(new Dictionary<string, double> { ["DEBUG"] = 1, ["INFO"] = 300 }, []);
            return Task.FromResult<LogLevelMix?>(mix);
        }
    }
}
