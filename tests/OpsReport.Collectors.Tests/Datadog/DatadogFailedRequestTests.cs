using System.Globalization;
using System.Net;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Support;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>
/// A failed request never advances a watermark, for every Datadog stream (metrics, logs, cost, events): a regular pass
/// with a failure injected into the in-process Datadog keeps the stream's watermark, and the next pass fetches the window.
/// </summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogFailedRequestTests(DatadogDemoFixture demo)
{
    private static readonly DateTimeOffset BackfillStart = CollectionRunner.Floor(DemoSetup.Now - TimeSpan.FromDays(2), TimeSpan.FromHours(1));

    [Fact]
    public async Task Collect_TimeseriesErrorBesideTheData_KeepsTheLatencyWatermarkAndFetchesTheWindowNextRun()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 2, environments: ["prod"]);
        var at = (BackfillStart.AddHours(1).ToUnixTimeSeconds() * 1000).ToString(CultureInfo.InvariantCulture);
        host.Fake.Inject("/api/v2/query/timeseries", FakeDatadogAnswer.Json(
            "{\"data\":{\"type\":\"timeseries_response\",\"attributes\":{\"series\":[{\"group_tags\":[\"resource_name:GET /api/users\",\"service:api\"],\"query_index\":0}],"
            + "\"times\":[" + at + "],\"values\":[[12.5]]}},\"errors\":\"query timed out for some groups\"}"));

        // Latency is committed per day: past the first day means the failed day was collected by the next run.
        await AssertFailsThenRefetchedAsync(host, DatadogSource.LatencyStream, "/api/v2/query/timeseries", "query timed out for some groups", () => { }, BackfillStart.AddDays(1));
    }

    [Fact]
    public async Task Collect_LogVolumeQueryAnswersErrorWithoutData_KeepsTheLogsWatermarkAndFetchesTheWindowNextRun()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 2, environments: ["prod"]);
        host.Fake.Inject("/api/v2/query/timeseries", FakeDatadogAnswer.Json("""{"data":{"type":"timeseries_response","attributes":{"series":[],"times":[],"values":[]}},"errors":"Error parsing query: unknown metric"}"""),
            bodyContains: "estimated_usage.logs");

        await AssertFailsThenRefetchedAsync(host, DatadogSource.LogsStream, "/api/v2/query/timeseries", "Error parsing query", () => { }, BackfillStart);
    }

    [Fact]
    public async Task Collect_CostAnswers500_KeepsTheCostWatermarkAndFetchesTheWindowNextRun()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 2, environments: ["prod"]);
        host.Fake.CostStatus = HttpStatusCode.InternalServerError;

        await AssertFailsThenRefetchedAsync(host, DatadogSource.CostStream, "/api/v2/usage/estimated_cost", "answered 500", () => host.Fake.CostStatus = HttpStatusCode.OK, BackfillStart);
    }

    [Fact]
    public async Task Collect_EventsAnswer500_KeepsTheDeploysWatermarkAndFetchesTheWindowNextRun()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 2, configure: dd => dd.DeployEventQuery = "tags:deployment", environments: ["prod"]);
        host.Fake.Inject("/api/v2/events", new FakeDatadogAnswer(500, """{"errors":["Internal Server Error"]}"""), times: DatadogTestHost.FastRetries.MaxAttempts);

        await AssertFailsThenRefetchedAsync(host, DatadogSource.DeploysStream, "/api/v2/events", "answered 500", () => { }, BackfillStart);
    }

    /// <summary>
    /// A first pass (with the failure armed) fails the stream naming the error and leaves its watermark unset; after
    /// <paramref name="repair"/>, the next pass asks Datadog again and moves the watermark past <paramref name="past"/>.
    /// </summary>
    private static async Task AssertFailsThenRefetchedAsync(DatadogTestHost host, string streamName, string path, string error, Action repair, DateTimeOffset past)
    {
        var stream = host.Source.GetStreams("prod").Single(s => s.Name == streamName);

        var failed = await host.CollectAsync("prod");

        var failure = Assert.Single(failed.Failures);
        Assert.StartsWith(stream.Id + ": ", failure, StringComparison.Ordinal);
        Assert.Contains(error, failure, StringComparison.Ordinal);
        Assert.Null(await host.Temp.Store.GetWatermarkAsync(stream.Id));
        var asked = host.Fake.Count(path);

        repair();
        var again = await host.CollectAsync("prod");

        Assert.Empty(again.Failures);
        Assert.True(host.Fake.Count(path) > asked, "the window was asked for again");
        Assert.True(await host.Temp.Store.GetWatermarkAsync(stream.Id) > past, "the failed window was collected by the next run");
    }
}
