using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>The on-demand level mix: one logs aggregate per question, complete answers stored, partial ones recorded as such.</summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogLevelMixTests(DatadogDemoFixture demo)
{
    private static readonly string Service = DemoDatadogData.ServiceOf(DemoCatalog.BillingSyncLogGroup("staging"));

    [Fact]
    public async Task LevelMix_DuringTheDebugSpike_IsMostlyDebugAndStoredPerLevel()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["staging"]);
        var window = new TimeWindow(demo.Incidents.DebugLoggingStart + TimeSpan.FromDays(1), demo.Incidents.DebugLoggingStart + TimeSpan.FromDays(2));

        var mix = await host.LevelMix.GetLevelMixAsync("staging", Service, window, CancellationToken.None);

        Assert.True(mix.Complete);
        Assert.True(mix.DebugShare > 0.9, $"DEBUG share {mix.DebugShare}");
        Assert.Equal(["DEBUG", "ERROR", "INFO", "WARN"], mix.EventsByLevel.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, mix.Usage.ApiCalls);
        Assert.Equal(1, host.Fake.Count("/api/v2/logs/analytics/aggregate"));
        var debug = Assert.Single(await host.Temp.Store.QueryAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.Env, "staging"), (Dims.LogGroup, Service), (Dims.Level, "DEBUG")), window));
        Assert.Equal(24, debug.Points.Count);
        Assert.Equal(DatadogSource.SourceName, debug.Key[Dims.Source]);
        var run = Assert.Single(await host.Temp.Store.GetRunsAsync("staging"));
        Assert.Equal((DatadogLogLevelMixProvider.LevelMixStream, RunStatus.Succeeded, 1), (run.Stream, run.Status, run.Usage.ApiCalls));
    }

    [Fact]
    public async Task LevelMix_AggregateTimedOut_IsPartialRecordedAndNotStored()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["staging"]);
        host.Fake.AggregateTimeouts = 1;
        var window = new TimeWindow(demo.Incidents.DebugLoggingStart + TimeSpan.FromDays(1), demo.Incidents.DebugLoggingStart + TimeSpan.FromDays(2));

        var mix = await host.LevelMix.GetLevelMixAsync("staging", Service, window, CancellationToken.None);

        Assert.False(mix.Complete);
        Assert.Contains("timed out", Assert.Single(mix.Warnings), StringComparison.Ordinal);
        Assert.Empty(await host.Temp.Store.FindSeriesAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.Env, "staging"), (Dims.Level, SeriesFilter.Any))));
        var run = Assert.Single(await host.Temp.Store.GetRunsAsync("staging"));
        Assert.Equal(RunStatus.Partial, run.Status);
        Assert.Contains("partial counts", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_AnswersOnlyForDatadogServices()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["staging"]);
        var window = new TimeWindow(demo.Incidents.DebugLoggingStart, demo.Incidents.DebugLoggingStart + TimeSpan.FromHours(12));
        static Dictionary<string, string> D(params (string, string)[] d) => d.ToDictionary(x => x.Item1, x => x.Item2);

        var mix = await host.LevelMix.GetLevelMixAsync(new LogLevelMixRequest("staging", D((Dims.LogGroup, Service), (Dims.Source, "datadog")), window), CancellationToken.None);
        Assert.NotNull(mix);
        Assert.True(mix.VerboseShare > 0.9);

        // CloudWatch's log groups and environments without Datadog are someone else's question.
        Assert.Null(await host.LevelMix.GetLevelMixAsync(new LogLevelMixRequest("staging", D((Dims.LogGroup, "/aws/lambda/x"), (Dims.Source, "cloudwatch")), window), CancellationToken.None));
        Assert.Null(await host.LevelMix.GetLevelMixAsync(new LogLevelMixRequest("prod", D((Dims.LogGroup, Service)), window), CancellationToken.None));
        Assert.Equal(1, host.Fake.Count("/api/v2/logs/analytics/aggregate"));
    }

    [Fact]
    public async Task Provider_LogQueryLimitNearlyUsedUp_RefusesAtOnceInsteadOfWaitingForTheReset()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["staging"]);
        // Two log queries an hour: after the first, the last one is left to people and dashboards until the reset.
        host.Fake.Limit("/api/v2/logs/analytics/aggregate", 2, TimeSpan.FromHours(1));
        var window = new TimeWindow(demo.Incidents.DebugLoggingStart, demo.Incidents.DebugLoggingStart + TimeSpan.FromHours(12));
        var request = new LogLevelMixRequest("staging", new Dictionary<string, string> { [Dims.LogGroup] = Service, [Dims.Source] = "datadog" }, window);
        Assert.NotNull(await host.LevelMix.GetLevelMixAsync(request, CancellationToken.None));
        var before = host.Clock.GetUtcNow();

        var refused = await Assert.ThrowsAsync<DatadogApiException>(() => host.LevelMix.GetLevelMixAsync(request with { Window = new TimeWindow(window.End, window.End + TimeSpan.FromHours(12)) }, CancellationToken.None));

        Assert.Contains("rate limit resets only in", refused.Message, StringComparison.Ordinal);
        Assert.True(host.Clock.GetUtcNow() - before < DatadogLogLevelMixProvider.OnDemandLimit, $"waited {host.Clock.GetUtcNow() - before}");
        Assert.Equal(1, host.Fake.Count("/api/v2/logs/analytics/aggregate"));
        Assert.Equal(0, host.Fake.TooManyRequests);
    }

    [Theory]
    [InlineData("debug", "DEBUG")]
    [InlineData("info", "INFO")]
    [InlineData("notice", "INFO")]
    [InlineData("ok", "INFO")]
    [InlineData("warn", "WARN")]
    [InlineData("warning", "WARN")]
    [InlineData("error", "ERROR")]
    [InlineData("critical", "ERROR")]
    [InlineData("emerg", "ERROR")]
    [InlineData("trace", "TRACE")]
    [InlineData(null, "UNKNOWN")]
    public void LevelOf_DatadogStatus_MapsToOpsReportLevels(string? status, string level) =>
        Assert.Equal(level, DatadogLogLevelMixProvider.LevelOf(status));
}
