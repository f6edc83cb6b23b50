using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>Deploys read from Datadog events tagged as deployments, through the fake's <c>GET /api/v2/events</c>.</summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogDeployTests(DatadogDemoFixture demo)
{
    private static readonly DateTimeOffset Day = new(DemoSetup.Now.UtcDateTime.Date.AddDays(-1), TimeSpan.Zero);

    [Fact]
    public async Task Collect_DeployEvents_RecordedPerEnvironmentWithServiceVersionAndTimeAcrossPages()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 3, configure: dd => dd.DeployEventQuery = "tags:deployment");
        host.Fake.EventPageSize = 2;
        Add(host, "e1", Day.AddHours(2).AddSeconds(17.4), "Deployed api 1.4.2", "env:prod", "service:api", "version:1.4.2", "deployment");
        Add(host, "e2", Day.AddHours(5), "Deployed web", "env:prod", "service:web", "version:2026.11.17", "deployment");
        Add(host, "e3", Day.AddHours(6), "Rolled out search", "env:prod", "service:search", "deployment"); // no version tag: the title says it
        Add(host, "e4", Day.AddHours(7), "Deployed api 1.4.3", "env:staging", "service:api", "version:1.4.3", "deployment");
        Add(host, "e5", Day.AddHours(8), "Monitor recovered", "env:prod", "service:api", "monitor"); // not a deploy
        Add(host, "e6", Day.AddHours(9), "Deployed nothing", "env:prod", "deployment"); // no service: skipped

        var summary = await host.CollectAsync();
        var again = await host.CollectAsync();

        Assert.Empty(summary.Failures);
        Assert.Empty(host.Fake.Errors);
        Assert.Equal(host.Fake.Requests.Count, summary.ApiCalls + again.ApiCalls);
        var window = new TimeWindow(Day, Day.AddDays(1));
        var prod = await host.Deploys.ListAsync("prod", window);
        Assert.Equal(
        [
            new Deploy("prod", "api", "1.4.2", Day.AddHours(2).AddSeconds(17), Deploy.SourceDatadog),
            new Deploy("prod", "web", "2026.11.17", Day.AddHours(5), Deploy.SourceDatadog),
            new Deploy("prod", "search", "Rolled out search", Day.AddHours(6), Deploy.SourceDatadog),
        ], prod);
        Assert.Equal(["1.4.3"], (await host.Deploys.ListAsync("staging", window)).Select(d => d.Version));
        var events = host.Fake.Requests.Where(r => r.Path == "/" + DatadogDeployCollector.EventsPath).ToList();
        Assert.All(events, r => Assert.Contains("filter%5Bquery%5D=tags%3Adeployment%20env%3A", r.Query));
        // Four prod events match in one window: two pages of two; the collected windows are not asked for again.
        Assert.Contains(events, r => r.Query.Contains("page%5Bcursor%5D=", StringComparison.Ordinal));
        Assert.Equal(0, again.ApiCalls);
    }

    [Fact]
    public async Task GetStreams_NoDeployEventQuery_NoDeploysStream()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 1, environments: ["prod"]);

        Assert.DoesNotContain(host.Source.GetStreams("prod"), s => s.Name == DatadogSource.DeploysStream);
    }

    private static void Add(DatadogTestHost host, string id, DateTimeOffset at, string title, params string[] tags) =>
        host.Fake.Events.Enqueue(new FakeEvent(id, at, title, tags));
}
