using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary>The findings' on-demand level mix answered by Logs Insights, for CloudWatch log groups only.</summary>
public sealed class CloudWatchLogLevelMixProviderTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 17, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetLevelMixAsync_LogGroupOfAnAwsEnvironment_GivesLevelsAndTopPatternsWithTheirLevel()
    {
        var insights = new FakeInsights
        {
            Rows = (query, start, end) => query.StartsWith("pattern", StringComparison.Ordinal)
                ? [
                    new() { ["@pattern"] = "DEBUG cache miss for key <*>", ["@sampleCount"] = "9000", ["@ratio"] = "0.9" },
                    new() { ["@pattern"] = "INFO request <*> done", ["@sampleCount"] = "800", ["@ratio"] = "0.08" },
                  ]
                : [
                    new() { ["opsreport_lvl"] = "DEBUG", ["events"] = "9000", ["bin(1h)"] = FakeInsights.Bin(start) },
                    new() { ["opsreport_lvl"] = "INFO", ["events"] = "1000", ["bin(1h)"] = FakeInsights.Bin(start) },
                  ],
        };
        await using var server = await FakeAwsServer.StartAsync(insights.Handle);
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1");
        var provider = new CloudWatchLogLevelMixProvider(host.Logs, host.Clients);

        var mix = await provider.GetLevelMixAsync(
            new LogLevelMixRequest("prod", new Dictionary<string, string> { [Dims.LogGroup] = "/aws/lambda/billing-sync-staging" }, new TimeWindow(From, From.AddHours(1)), TopPatterns: 1),
            CancellationToken.None);

        Assert.NotNull(mix);
        Assert.Equal(0.9, mix.VerboseShare, 6);
        var pattern = Assert.Single(mix.TopPatterns);
        Assert.Equal(("DEBUG cache miss for key <*>", "DEBUG", 9000.0), (pattern.Pattern, pattern.Level, pattern.Events));
    }

    [Fact]
    public async Task GetLevelMixAsync_EnvironmentWithoutAwsOrADatadogSeries_IsNotAnsweredAndCallsNothing()
    {
        await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Json(new { }));
        await using var host = await AwsTestHost.CreateAsync(server.Endpoint, "ap-northeast-1");
        var provider = new CloudWatchLogLevelMixProvider(host.Logs, host.Clients);
        var window = new TimeWindow(From, From.AddHours(1));

        var otherEnv = await provider.GetLevelMixAsync(new LogLevelMixRequest("staging", new Dictionary<string, string> { [Dims.LogGroup] = "/ecs/api" }, window), CancellationToken.None);
        var datadog = await provider.GetLevelMixAsync(new LogLevelMixRequest("prod", new Dictionary<string, string> { [Dims.LogGroup] = "api", [Dims.Source] = "datadog" }, window), CancellationToken.None);

        Assert.Null(otherEnv);
        Assert.Null(datadog);
        Assert.Empty(server.Requests);
    }
}
