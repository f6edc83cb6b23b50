using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Analysis;

/// <summary>"Did we deploy?": a finding names the deploy of its own service that came at most an hour before its onset.</summary>
public sealed class DeployAttributionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Onset = new(2026, 11, 19, 1, 0, 0, TimeSpan.Zero); // 10:00 in Tokyo

    private readonly TempStore _temp = new();
    private SqliteDeployStore _deploys = null!;

    public async Task InitializeAsync()
    {
        await _temp.InitializeAsync();
        _deploys = new SqliteDeployStore(_temp.DatabasePath);
        await _deploys.InitializeAsync();
        // The path's service is known from the stored latency series, as the sources store them.
        await _temp.Store.CommitAsync([new SeriesPoints(
            new SeriesKey(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, "/api/orders"), (Dims.Service, "api")),
            [new Point(Onset, 120)])]);
        await _deploys.UpsertAsync(
        [
            new Deploy("prod", "api", "v1", Onset.AddMinutes(-90), Deploy.SourceApi),   // too long before
            new Deploy("prod", "api", "v2", Onset.AddMinutes(-40), Deploy.SourceEcs),   // the cause
            new Deploy("prod", "web", "v9", Onset.AddMinutes(-10), Deploy.SourceEcs),   // another service
            new Deploy("prod", "api", "v3", Onset.AddMinutes(70), Deploy.SourceApi),    // after the onset's hour
            new Deploy("staging", "search", "s1", Onset.AddMinutes(-5), Deploy.SourceApi), // another environment
            new Deploy("prod", "worker", "w7", Onset.AddMinutes(30), Deploy.SourceDatadog), // inside the onset's hour
        ]);
    }

    public Task DisposeAsync() => _temp.DisposeAsync();

    [Fact]
    public async Task AttachAsync_LatencyFindingOnAPathOfTheService_NamesTheLastDeployBeforeTheOnset()
    {
        var latency = Finding(FindingKind.LatencyRegression, "/api/orders", (Facts.LabelPath, "/api/orders"));

        var result = Assert.Single(await DeployAttribution.AttachAsync([latency], "prod", _deploys, _temp.Store, CancellationToken.None));

        Assert.Equal("api", result.Labels[DeployFacts.LabelService]);
        Assert.Equal("v2", result.Labels[DeployFacts.LabelVersion]);
        Assert.Equal("ecs", result.Labels[DeployFacts.LabelSource]);
        Assert.Equal(40, result.Numbers[DeployFacts.MinutesBefore]);
        Assert.Equal(Onset.AddMinutes(-40).ToUnixTimeSeconds(), result.Numbers[DeployFacts.At]);
        var english = new FindingText("en", new ZoneCalendar("Asia/Tokyo")).Evidence(result);
        var japanese = new FindingText("ja", new ZoneCalendar("Asia/Tokyo")).Evidence(result);
        Assert.EndsWith(" Deploy of api v2 at Thu 19 Nov 09:20, 40 min before the change began (ecs).", english);
        Assert.EndsWith(" 11月19日(木) 09:20 に api v2 がデプロイされました（変化の 40 分前、ecs）。", japanese);
    }

    [Fact]
    public async Task AttachAsync_LogGroupNamedAfterTheServiceDeployedInTheOnsetHour_NamesItAsWithinTheHour()
    {
        var logs = Finding(FindingKind.LogVolume, "/ecs/worker", (Facts.LabelLogGroup, "/ecs/worker"));

        var result = Assert.Single(await DeployAttribution.AttachAsync([logs], "prod", _deploys, _temp.Store, CancellationToken.None));

        Assert.Equal("w7", result.Labels[DeployFacts.LabelVersion]);
        Assert.Equal(-30, result.Numbers[DeployFacts.MinutesBefore]);
        Assert.Contains("Deploy of worker w7 at Thu 19 Nov 10:30, within the hour the change began (datadog).", new FindingText("en", new ZoneCalendar("Asia/Tokyo")).Evidence(result));
    }

    [Theory]
    [InlineData(FindingKind.MemoryTrend, "search")] // deployed only in staging
    [InlineData(FindingKind.MemoryTrend, "billing")] // never deployed
    [InlineData(FindingKind.CostMover, "api")] // a bill line is not a service's change
    public async Task AttachAsync_NoDeployOfTheServiceInReach_EvidenceUnchanged(FindingKind kind, string subject)
    {
        var quiet = Finding(kind, subject, (Facts.LabelService, subject));

        var result = Assert.Single(await DeployAttribution.AttachAsync([quiet], "prod", _deploys, _temp.Store, CancellationToken.None));

        Assert.Same(quiet, result);
        Assert.DoesNotContain("Deploy of", new FindingText("en", new ZoneCalendar("Asia/Tokyo")).Evidence(result));
    }

    [Fact]
    public async Task AttachAsync_StoredFindingWhoseOnsetMoved_DeployFactsRemoved()
    {
        var named = Assert.Single(await DeployAttribution.AttachAsync([Finding(FindingKind.MemoryTrend, "api")], "prod", _deploys, _temp.Store, CancellationToken.None));
        var moved = named with { Start = Onset.AddDays(-2) };

        var result = Assert.Single(await DeployAttribution.AttachAsync([moved], "prod", _deploys, _temp.Store, CancellationToken.None));

        Assert.True(named.Numbers.ContainsKey(DeployFacts.At));
        Assert.False(result.Numbers.ContainsKey(DeployFacts.At));
        Assert.False(result.Labels.ContainsKey(DeployFacts.LabelVersion));
    }

    private static Finding Finding(FindingKind kind, string subject, params (string Key, string Value)[] labels) =>
        new("prod", kind, subject, Onset, null, Severity.Warning, FindingState.Open, "", "", new Dictionary<string, double> { [Facts.Ratio] = 2 }, null, Onset)
        {
            Labels = labels.ToDictionary(l => l.Key, l => l.Value),
        };
}
