using System.Globalization;
using System.Text.Json.Nodes;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Tests.Aws;

[Collection(MotoCollection.Name)]
public sealed class CloudWatchLogsMotoTests(MotoServer moto)
{
    [Fact]
    public async Task Collect_LogGroupInventory_PagesThroughEveryGroupWithRetentionAndStoredBytes()
    {
        const string region = "eu-west-1";
        var client = moto.Client(region);
        var meter = new AwsUsageMeter();
        for (var i = 0; i < 55; i++)
            await client.CallAsync(AwsService.Logs, "CreateLogGroup", new JsonObject { ["logGroupName"] = $"/app/group-{i:00}" }, meter, CancellationToken.None);
        await client.CallAsync(AwsService.Logs, "PutRetentionPolicy", new JsonObject { ["logGroupName"] = "/app/group-00", ["retentionInDays"] = 30 }, meter, CancellationToken.None);
        await client.CallAsync(AwsService.Logs, "CreateLogStream", new JsonObject { ["logGroupName"] = "/app/group-01", ["logStreamName"] = "s" }, meter, CancellationToken.None);
        await client.CallAsync(AwsService.Logs, "PutLogEvents", new JsonObject
        {
            ["logGroupName"] = "/app/group-01",
            ["logStreamName"] = "s",
            ["logEvents"] = new JsonArray(Enumerable.Range(0, 10).Select(i => (JsonNode)new JsonObject
            {
                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000 + i,
                ["message"] = """{"level":"DEBUG","msg":"cache miss for key """ + i.ToString(CultureInfo.InvariantCulture) + "\"}",
            }).ToArray()),
        }, meter, CancellationToken.None);
        await using var proxy = await CountingProxy.StartAsync(moto.Endpoint);
        await using var host = await AwsTestHost.CreateAsync(proxy.Endpoint, region, moto.Admin);
        var today = new DateTimeOffset(AwsTestHost.Now.UtcDateTime.Date, TimeSpan.Zero);

        var summary = await host.CollectAsync(host.Logs, today.AddDays(-3), today);

        Assert.Empty(summary.Failures);
        Assert.Equal(2, proxy.Count("DescribeLogGroups"));
        Assert.Equal(proxy.Total, summary.ApiCalls);
        var inventory = await LogGroupInventory.ReadAsync(host.Store, "prod");
        Assert.NotNull(inventory);
        Assert.Equal(55, inventory.LogGroups.Count);
        Assert.Equal(30, inventory.LogGroups.Single(g => g.Name == "/app/group-00").RetentionDays);
        Assert.Equal(54, inventory.NeverExpiring.Count());
        var retention = await OpsReport.Core.Analysis.LogRetentionDirectory.GetAsync(host.Store, "prod");
        Assert.Equal(55, retention.Count);
        Assert.Equal(30, retention["/app/group-00"]);
        Assert.Null(retention["/app/group-01"]);
        var stored = inventory.LogGroups.Single(g => g.Name == "/app/group-01").StoredBytes;
        Assert.True(stored > 0, $"stored bytes {stored}");
        var series = Assert.Single(await host.Store.QueryAsync(
            new SeriesFilter(CloudWatchLogsSource.StoredBytesMetric, Resolution.Day, (Dims.Env, "prod"), (Dims.LogGroup, "/app/group-01")), new TimeWindow(today.AddDays(-3), today)));
        Assert.Equal([new Point(today.AddDays(-1), stored!.Value)], series.Points);

        var again = await host.CollectAsync(host.Logs, today.AddDays(-3), today);
        Assert.Equal(0, again.ApiCalls);
        Assert.Equal(2, proxy.Count("DescribeLogGroups"));
    }
}
