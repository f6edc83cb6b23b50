using System.Net;
using OpsReport.Collectors.Sources;
using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>What `collect` and `check` do when the keys are wrong or may not read cost.</summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogFailureTests(DatadogDemoFixture demo, ITestOutputHelper output)
{
    [Fact]
    public async Task Collect_InvalidKeys_FailsEachStreamNamingTheEnvironment()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 2, environments: ["prod"]);
        host.Variables["DD_API_KEY"] = "0000wrong-api-key0000";

        var summary = await host.CollectAsync();

        foreach (var failure in summary.Failures)
            output.WriteLine(failure);
        // Every stream fails, cost included: a refused request never reads as "collected".
        Assert.Equal(5, summary.Failures.Count);
        Assert.All(summary.Failures, f => Assert.Contains(": prod: Datadog ", f, StringComparison.Ordinal));
        Assert.All(summary.Failures, f => Assert.Contains("answered 403 (Forbidden)", f, StringComparison.Ordinal));
        var runs = await host.Temp.Store.GetRunsAsync("prod");
        Assert.All(runs, r => Assert.Equal(RunStatus.Failed, r.Status));
        Assert.All(runs, r => Assert.DoesNotContain("wrong-api-key", r.Error, StringComparison.Ordinal));
        Assert.Empty(await host.Temp.Store.GetWatermarksAsync());
        // A 403 is not retried: one request per stream.
        Assert.Equal(5, host.Fake.Requests.Count);
    }

    [Fact]
    public async Task Collect_CostForbiddenForTheseKeys_FailsTheCostStreamAndKeepsItsWatermark()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 2, environments: ["prod"]);
        host.Fake.CostStatus = HttpStatusCode.Forbidden;

        var summary = await host.CollectAsync();

        var failure = Assert.Single(summary.Failures);
        Assert.Contains("cost not available for these keys", failure, StringComparison.Ordinal);
        Assert.Equal(host.Fake.Requests.Count, summary.ApiCalls);
        var cost = Assert.Single(await host.Temp.Store.GetRunsAsync("prod"), r => r.Stream == DatadogSource.CostStream);
        Assert.Equal(RunStatus.Failed, cost.Status);
        Assert.Contains("estimated_cost answered 403", cost.Error, StringComparison.Ordinal);
        var stream = host.Source.GetStreams("prod").Single(s => s.Name == DatadogSource.CostStream);
        Assert.Null(await host.Temp.Store.GetWatermarkAsync(stream.Id));
        Assert.NotEmpty(await host.Temp.Store.FindSeriesAsync(new SeriesFilter(DatadogSource.UsageMetric, Resolution.Hour, (Dims.Env, "prod"))));

        // Asked again within the day: no request, the same failure.
        var before = host.Fake.Count("/api/v2/usage/estimated_cost");
        var today = new DateTimeOffset(DemoSetup.Now.UtcDateTime.Date, TimeSpan.Zero);
        var again = await Assert.ThrowsAsync<DatadogApiException>(() => host.Source.CollectAsync(stream, new TimeWindow(today.AddDays(-1), today), CancellationToken.None));
        Assert.Equal(before, host.Fake.Count("/api/v2/usage/estimated_cost"));
        Assert.Contains("cost not available for these keys", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WorkingKeys_SaysWhatWorksForEachSignal()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod", "staging"]);
        host.Fake.CostStatus = HttpStatusCode.BadRequest;

        var prod = await host.Check.CheckAsync("prod", CancellationToken.None);
        var staging = await host.Check.CheckAsync("staging", CancellationToken.None);

        foreach (var line in prod.Concat(staging))
            output.WriteLine($"{line.Level,-7} {line.Text}");
        Assert.Contains(prod, l => l.Level == CheckLevel.Ok && l.Text.StartsWith("env prod datadog: API key valid for ", StringComparison.Ordinal));
        Assert.Contains(prod, l => l.Level == CheckLevel.Ok && l.Text.Contains("latency: trace.http.request.hits: 3 service value(s) (api, search, web)", StringComparison.Ordinal));
        Assert.Contains(prod, l => l.Level == CheckLevel.Ok && l.Text.Contains("tenant latency: ", StringComparison.Ordinal));
        Assert.Contains(prod, l => l.Level == CheckLevel.Ok && l.Text.Contains("memory 'containers': 5 service value(s)", StringComparison.Ordinal));
        Assert.Contains(prod, l => l.Level == CheckLevel.Ok && l.Text.Contains("log volume: ", StringComparison.Ordinal));
        Assert.Contains(prod, l => l.Level == CheckLevel.Ok && l.Text.Contains("log levels: logs aggregate allowed", StringComparison.Ordinal));
        Assert.Contains(prod, l => l.Level == CheckLevel.Ok && l.Text.Contains("usage: hourly usage allowed", StringComparison.Ordinal));
        Assert.Contains(prod, l => l.Level == CheckLevel.Warning && l.Text.Contains("cost not available for these keys", StringComparison.Ordinal));
        Assert.DoesNotContain(prod, l => l.Level == CheckLevel.Error);
        Assert.Contains(staging, l => l.Text.Contains("usage and cost collected with environment prod", StringComparison.Ordinal));
        Assert.All(prod.Concat(staging), l => Assert.DoesNotContain(FakeDatadogServer.ApiKey, l.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_InvalidApiKey_IsOneErrorNamingTheEnvironment()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Variables["DD_API_KEY"] = "0000wrong-api-key0000";

        var line = Assert.Single(await host.Check.CheckAsync("prod", CancellationToken.None));

        output.WriteLine(line.Text);
        Assert.Equal(CheckLevel.Error, line.Level);
        Assert.StartsWith("env prod datadog: Datadog GET /api/v1/validate answered 403 (Forbidden); check the API key (DD_API_KEY or OpsReport:Environments:0:Datadog:ApiKey)", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-api-key", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ApiKeyValidAppKeyWrong_NamesTheApplicationKey()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Variables["DD_APP_KEY"] = "0000wrong-app-key0000";

        var lines = await host.Check.CheckAsync("prod", CancellationToken.None);

        foreach (var line in lines)
            output.WriteLine($"{line.Level,-7} {line.Text}");
        Assert.Contains(lines, l => l.Level == CheckLevel.Ok && l.Text.StartsWith("env prod datadog: API key valid", StringComparison.Ordinal));
        var refused = lines.Where(l => l.Level == CheckLevel.Error).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, l => Assert.Contains("the application key was refused (DD_APP_KEY or OpsReport:Environments:0:Datadog:AppKey; the API key is valid)", l.Text, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain("wrong-app-key", l.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_MissingKeys_SaysWhichToSet()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Variables.Remove("DD_APP_KEY");

        var line = Assert.Single(await host.Check.CheckAsync("prod", CancellationToken.None));

        Assert.Equal(CheckLevel.Error, line.Level);
        Assert.Equal("env prod datadog: no Datadog application key; set DD_APP_KEY (or OpsReport:Environments:0:Datadog:AppKey).", line.Text);
        Assert.Empty(host.Fake.Requests);
    }
}
