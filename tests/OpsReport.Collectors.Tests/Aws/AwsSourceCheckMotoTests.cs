using System.Text.Json.Nodes;
using Amazon.Runtime;
using OpsReport.Collectors.Sources;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;

namespace OpsReport.Collectors.Tests.Aws;

/// <summary><c>check</c> and failing collections against moto with IAM enforced: real signatures, real policies.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsSourceCheckMotoTests(MotoServer moto)
{
    [Fact]
    public async Task CheckAsync_AllowedEverything_PrintsAccountAndOneOkLinePerApi()
    {
        const string region = "us-west-2";
        await moto.Client(region).CallAsync(AwsService.Logs, "CreateLogGroup", new JsonObject { ["logGroupName"] = "/ecs/api" }, new AwsUsageMeter(), CancellationToken.None);
        await using var host = await AwsTestHost.CreateAsync(moto.Endpoint, region, moto.Admin, a => a.LogGroups = ["/ecs/api"]);

        var lines = await new AwsSourceCheck(host.Clients, host.Time).CheckAsync("prod", CancellationToken.None);

        Assert.All(lines, l => Assert.Equal(CheckLevel.Ok, l.Level));
        Assert.StartsWith("env prod aws: credentials from given credentials: account 123456789012 (arn:aws:iam::123456789012:user/admin), region us-west-2, endpoint override http://127.0.0.1:", lines[0].Text);
        Assert.Equal(
            ["cloudwatch:ListMetrics", "cloudwatch:GetMetricData", "logs:DescribeLogGroups", "logs:StartQuery", "ecs:ListClusters", "ce:GetCostAndUsage"],
            lines.Skip(1).Select(l => l.Text.Split(' ')[3]));
        Assert.Empty(await new AwsSourceCheck(host.Clients, host.Time).CheckAsync("staging", CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_PolicyWithoutCostExplorer_OneErrorLineNamingEnvironmentAndAction()
    {
        var reader = await moto.CreateUserAsync("reader-without-ce", "cloudwatch:*", "monitoring:*", "logs:*", "ecs:*", "sts:GetCallerIdentity");
        await using var host = await AwsTestHost.CreateAsync(moto.Endpoint, "us-west-2", reader);

        var lines = await new AwsSourceCheck(host.Clients, host.Time).CheckAsync("prod", CancellationToken.None);

        var error = Assert.Single(lines, l => l.Level == CheckLevel.Error);
        Assert.StartsWith("env prod cost: ce:GetCostAndUsage denied (AccessDenied: User: arn:aws:iam::123456789012:user/reader-without-ce is not authorized to perform: ce:GetCostAndUsage", error.Text);
        Assert.EndsWith("allow ce:GetCostAndUsage in the IAM policy (README, Connect AWS).", error.Text);
        Assert.Equal(5, lines.Count(l => l.Level == CheckLevel.Ok));
    }

    [Fact]
    public async Task RoleArn_AssumedThroughStsAtTheOverriddenEndpoint_SignsWithTheRolesTemporaryKeys()
    {
        var roleArn = await moto.CreateRoleAsync("OpsReportReadOnly", "logs:*");
        var endpoints = new AwsEndpointResolver(name => name == "AWS_ENDPOINT_URL_STS" || name == "AWS_ENDPOINT_URL" ? moto.Endpoint.ToString() : null);
        var role = new StsRoleCredentials("prod", moto.Admin, roleArn, "ext-1", () => AwsConnectionFactory.StsConfig(endpoints, "us-west-2"));
        var connection = new AwsConnection("prod", "us-west-2", role, endpoints);

        var identity = await StsIdentityClient.GetCallerIdentityAsync(connection, new AwsUsageMeter(), CancellationToken.None);
        var keys = await connection.GetCredentialsAsync(CancellationToken.None);
        await new CloudWatchLogsClient(new AwsApiClient(connection, AwsTestHost.FastRetries)).DescribeLogGroupsAsync(null, new AwsUsageMeter(), CancellationToken.None);

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/OpsReportReadOnly/opsreport-prod", identity.Arn);
        Assert.True(keys.UseToken);
        Assert.NotEqual((await moto.Admin.GetCredentialsAsync()).AccessKey, keys.AccessKey);
    }

    [Fact]
    public async Task CheckAsync_UnknownAccessKey_OneErrorLineAndNothingElse()
    {
        await using var host = await AwsTestHost.CreateAsync(moto.Endpoint, "us-west-2", new BasicAWSCredentials("AKIAWRONGWRONGWRONG0", "not-the-secret"));

        var lines = await new AwsSourceCheck(host.Clients, host.Time).CheckAsync("prod", CancellationToken.None);

        var line = Assert.Single(lines);
        Assert.Equal(CheckLevel.Error, line.Level);
        Assert.Equal("env prod aws: sts:GetCallerIdentity rejected the credentials (InvalidClientTokenId: The security token included in the request is invalid.); check the profile, role or AWS_* variables of this environment.", line.Text);
        Assert.DoesNotContain("not-the-secret", line.Text);
    }

    [Fact]
    public async Task Collect_WrongSecret_EachStreamFailsWithOneLineNamingEnvironmentAndAction()
    {
        var admin = await moto.Admin.GetCredentialsAsync();
        await using var host = await AwsTestHost.CreateAsync(moto.Endpoint, "us-west-2", new BasicAWSCredentials(admin.AccessKey, "wrong-secret-key"));
        var from = AwsTestHost.Now.Date.AddDays(-2);

        var summary = await host.Runner(host.CloudWatch, host.Cost).RunOnceAsync(new OpsReport.Collectors.Runner.CollectionRequest(null, "prod", from, from.AddDays(1)), null, CancellationToken.None);

        Assert.Equal(3, summary.Failures.Count);
        Assert.Contains(summary.Failures, f => f.StartsWith("cloudwatch/prod/metrics: prod: cloudwatch:ListMetrics rejected the credentials (SignatureDoesNotMatch: ", StringComparison.Ordinal));
        Assert.Contains(summary.Failures, f => f.StartsWith("cost/prod/daily: prod: ce:GetCostAndUsage rejected the credentials (SignatureDoesNotMatch: ", StringComparison.Ordinal));
        Assert.All(summary.Failures, f => Assert.DoesNotContain("wrong-secret-key", f));
        Assert.All(await host.Store.GetRunsAsync("prod"), r => Assert.Equal(OpsReport.Core.Domain.RunStatus.Failed, r.Status));
    }
}
