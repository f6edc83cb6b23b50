using System.Text.Json.Nodes;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary>ECS deployments recorded as deploys, through the signed client against moto (IAM enforced) and the counting proxy.</summary>
[Collection(MotoCollection.Name)]
public sealed class EcsDeployMotoTests(MotoServer moto)
{
    [Fact]
    public async Task Collect_ServicesInTwoClusters_EachDeploymentRecordedOnceWithRevisionAndTime()
    {
        const string region = "ca-central-1";
        var seedStart = DateTimeOffset.UtcNow;
        var client = moto.Client(region);
        await CallAsync(client, "CreateCluster", new JsonObject { ["clusterName"] = "main" });
        await CallAsync(client, "CreateCluster", new JsonObject { ["clusterName"] = "batch" });
        await RegisterAsync(client, "web", revisions: 1);
        await RegisterAsync(client, "export", revisions: 3);
        // Twelve services: DescribeServices takes ten per call, so the source must split them.
        for (var i = 0; i < 12; i++)
            await CallAsync(client, "CreateService", new JsonObject { ["cluster"] = "main", ["serviceName"] = $"web-{i:00}", ["taskDefinition"] = "web:1", ["desiredCount"] = 1 });
        await CallAsync(client, "CreateService", new JsonObject { ["cluster"] = "batch", ["serviceName"] = "export-worker", ["taskDefinition"] = "export:3", ["desiredCount"] = 1 });
        var seedEnd = DateTimeOffset.UtcNow;
        await using var proxy = await CountingProxy.StartAsync(moto.Endpoint);
        await using var host = await AwsTestHost.CreateAsync(proxy.Endpoint, region, moto.Admin);
        var today = new DateTimeOffset(AwsTestHost.Now.UtcDateTime.Date, TimeSpan.Zero);

        var summary = await host.CollectAsync(host.Ecs, today.AddDays(-3), today);
        var again = await host.CollectAsync(host.Ecs, today.AddDays(-3), today);

        Assert.Empty(summary.Failures);
        Assert.Equal(1, proxy.Count("ListClusters"));
        Assert.Equal(2, proxy.Count("ListServices"));
        Assert.Equal(3, proxy.Count("DescribeServices"));
        Assert.Equal(proxy.Total, summary.ApiCalls);
        Assert.Equal(0, again.ApiCalls);
        var window = new TimeWindow(seedStart.AddSeconds(-2), seedEnd.AddSeconds(2));
        var deploys = await host.Deploys.ListAsync("prod", window);
        Assert.Equal(13, deploys.Count);
        Assert.All(deploys, d => Assert.Equal(Deploy.SourceEcs, d.Source));
        var export = Assert.Single(deploys, d => d.Service == "export-worker");
        Assert.Equal("export:3", export.Version);
        Assert.Equal(12, deploys.Count(d => d.Service.StartsWith("web-", StringComparison.Ordinal) && d.Version == "web:1"));

        // A later pass over a new hour asks ECS again and records nothing twice.
        await host.CollectAsync(host.Ecs, today, today.AddHours(1));
        Assert.Equal(2, proxy.Count("ListClusters"));
        Assert.Equal(13, (await host.Deploys.ListAsync("prod", window)).Count);
    }

    [Fact]
    public async Task Collect_PolicyWithoutDescribeServices_StreamFailsNamingTheAction()
    {
        const string region = "sa-east-1";
        var client = moto.Client(region);
        await CallAsync(client, "CreateCluster", new JsonObject { ["clusterName"] = "main" });
        await RegisterAsync(client, "api", revisions: 1);
        await CallAsync(client, "CreateService", new JsonObject { ["cluster"] = "main", ["serviceName"] = "api", ["taskDefinition"] = "api:1", ["desiredCount"] = 1 });
        var reader = await moto.CreateUserAsync("ecs-lister", "ecs:ListClusters", "ecs:ListServices");
        await using var host = await AwsTestHost.CreateAsync(moto.Endpoint, region, reader);
        var today = new DateTimeOffset(AwsTestHost.Now.UtcDateTime.Date, TimeSpan.Zero);

        var summary = await host.CollectAsync(host.Ecs, today.AddDays(-1), today);

        var failure = Assert.Single(summary.Failures);
        Assert.Contains("ecs/prod/deploys", failure);
        Assert.Contains("ecs:DescribeServices denied", failure);
    }

    [Fact]
    public async Task CheckAsync_PolicyWithoutEcs_OneErrorLineNamingTheAction()
    {
        const string region = "sa-east-1";
        var reader = await moto.CreateUserAsync("reader-without-ecs", "cloudwatch:*", "monitoring:*", "logs:*", "ce:*", "sts:GetCallerIdentity");
        await using var host = await AwsTestHost.CreateAsync(moto.Endpoint, region, reader);

        var lines = await new AwsSourceCheck(host.Clients, host.Time).CheckAsync("prod", CancellationToken.None);

        var error = Assert.Single(lines, l => l.Level == OpsReport.Collectors.Sources.CheckLevel.Error);
        Assert.StartsWith("env prod ecs: ecs:ListClusters denied (AccessDenied: ", error.Text);
    }

    private static Task CallAsync(AwsApiClient client, string action, JsonObject request) =>
        client.CallAsync(AwsService.Ecs, action, request, new AwsUsageMeter(), CancellationToken.None);

    private static async Task RegisterAsync(AwsApiClient client, string family, int revisions)
    {
        for (var r = 1; r <= revisions; r++)
        {
            await CallAsync(client, "RegisterTaskDefinition", new JsonObject
            {
                ["family"] = family,
                ["containerDefinitions"] = new JsonArray(new JsonObject { ["name"] = family, ["image"] = $"{family}:{r}", ["memory"] = 512 }),
            });
        }
    }
}
