using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// Acceptance of the AWS sources as a user runs them: the real OpsReport executable with AWS_ENDPOINT_URL pointing at a
/// real moto_server (IAM enforced, so signatures and policies are checked), seeded with metrics, log groups and cost
/// results. A counting proxy between them tells how many calls the server received.
/// </summary>
public sealed partial class AwsCliTests : IAsyncLifetime
{
    private const string Region = "ap-northeast-1";
    private static readonly DateTimeOffset Today = new(DateTime.UtcNow.Date, TimeSpan.Zero);
    // Three days back: every settling delay (CloudWatch hours, S3 days) has passed, so the window is complete.
    private static readonly DateTimeOffset From = Today.AddDays(-3);
    private static readonly DateTimeOffset To = Today.AddDays(-2);

    private readonly TempDirectory _dir = new();
    private readonly MotoServer _moto = new();

    public Task InitializeAsync() => _moto.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _moto.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Collect_MotoSeededWithMetricsLogsAndCost_FillsStoreCountsEveryCallAndRerunCallsNothing()
    {
        await SeedAsync();
        await using var proxy = await CountingProxy.StartAsync(_moto.Endpoint);
        var data = Path.Combine(_dir.Path, "data");
        var cli = await CliAsync(proxy.Endpoint, _moto.Admin);

        var metrics = await cli.RunAsync("collect", "--source", "cloudwatch", "--env", "prod", "--from", Iso(From), "--to", Iso(To), "--data-dir", data);

        Assert.True(metrics.ExitCode == 0, metrics.ToString());
        Assert.Contains("cloudwatch/prod/metrics", metrics.Stdout);
        Assert.Contains("cloudwatch/prod/daily", metrics.Stdout);
        var first = Summary(metrics);
        // Memory every hour of the day (a maximum per hour) and the bucket's size that day.
        Assert.Equal((2, 25L), (first.Series, first.Points));
        Assert.Equal(proxy.Total, first.ApiCalls);
        Assert.Equal(2, first.MetricsRequested);

        var logs = await cli.RunAsync("collect", "--source", "logs", "--env", "prod", "--from", Iso(Today.AddDays(-2)), "--to", Iso(Today), "--data-dir", data);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Equal(1, Summary(logs).ApiCalls);
        Assert.Equal(1, proxy.Count("DescribeLogGroups"));

        var cost = await cli.RunAsync("collect", "--source", "cost", "--env", "prod", "--from", Iso(From), "--to", Iso(To), "--data-dir", data);
        Assert.True(cost.ExitCode == 0, cost.ToString());
        Assert.Equal(2, Summary(cost).ApiCalls);
        Assert.Contains("est. $0.02", cost.Stdout);
        Assert.Equal(proxy.Total, first.ApiCalls + 1 + 2);

        var received = proxy.Total;
        foreach (var (source, from, to) in new[] { ("cloudwatch", From, To), ("logs", Today.AddDays(-2), Today), ("cost", From, To) })
        {
            var again = await cli.RunAsync("collect", "--source", source, "--env", "prod", "--from", Iso(from), "--to", Iso(to), "--data-dir", data);
            Assert.True(again.ExitCode == 0, again.ToString());
            var summary = Summary(again);
            Assert.Equal((0, 0L), (summary.ApiCalls, summary.Points));
        }
        Assert.Equal(received, proxy.Total);

        // The overview reads the store only: the AWS series show in the prod environment (no demo data beside them).
        await using var web = new AwsWebFactory(data);
        using var client = web.CreateClient();
        var memory = await client.GetFromJsonAsync<JsonElement>("/api/panels/memory?env=prod&range=7d");
        Assert.Contains("prod/api", memory.GetRawText());
        var page = await client.GetStringAsync("/?env=prod&range=7d");
        Assert.Contains("prod/api", page);
        Assert.DoesNotContain("demo data", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Check_MissingPermissionOrWrongKeys_ExitNonZeroWithOneLineNamingEnvironmentAndAction()
    {
        var reader = await _moto.CreateUserAsync("reader", "cloudwatch:*", "monitoring:*", "logs:*", "ecs:*");
        var data = Path.Combine(_dir.Path, "data");

        var missing = await (await CliAsync(_moto.Endpoint, reader)).RunAsync("check", "--data-dir", data);

        Assert.True(missing.ExitCode != 0, missing.ToString());
        Assert.Matches(@"ok    env prod aws: credentials from the default credential chain: account 123456789012 \(arn:aws:iam::123456789012:user/reader\)", missing.Stdout);
        var denied = Assert.Single(missing.Stdout.Split('\n'), l => l.StartsWith("error ", StringComparison.Ordinal));
        Assert.StartsWith("error env prod cost: ce:GetCostAndUsage denied (AccessDenied: ", denied);
        Assert.Matches(@"check: 1 error\(s\)", missing.Stdout);

        var wrong = await CliAsync(_moto.Endpoint, new BasicAWSCredentials("AKIAWRONGWRONGWRONG0", "not-the-secret"));
        var check = await wrong.RunAsync("check", "--data-dir", data);
        Assert.True(check.ExitCode != 0, check.ToString());
        Assert.Contains("error env prod aws: sts:GetCallerIdentity rejected the credentials (InvalidClientTokenId: The security token included in the request is invalid.)", check.Stdout);
        Assert.DoesNotContain("not-the-secret", check.Output);

        var collect = await wrong.RunAsync("collect", "--source", "cloudwatch", "--env", "prod", "--from", Iso(From), "--to", Iso(To), "--data-dir", data);
        Assert.True(collect.ExitCode != 0, collect.ToString());
        Assert.Contains("failed: cloudwatch/prod/metrics: prod: cloudwatch:ListMetrics rejected the credentials (InvalidClientTokenId: ", collect.Stderr);
        Assert.DoesNotContain("not-the-secret", collect.Output);
    }

    private async Task<CliProcess> CliAsync(Uri endpoint, AWSCredentials credentials)
    {
        var keys = await credentials.GetCredentialsAsync();
        return new CliProcess(_dir.Path)
            .With("AWS_ENDPOINT_URL", endpoint.ToString())
            .With("AWS_ACCESS_KEY_ID", keys.AccessKey)
            .With("AWS_SECRET_ACCESS_KEY", keys.SecretKey)
            .With("AWS_PROFILE", "")
            .With("AWS_EC2_METADATA_DISABLED", "true")
            .With("OpsReport__Environments__0__Name", "prod")
            .With("OpsReport__Environments__0__Aws__Region", Region)
            .With("OpsReport__Environments__0__Aws__Namespaces__0", "AWS/ECS")
            .With("OpsReport__Environments__0__Aws__Namespaces__1", "AWS/S3");
    }

    /// <summary>One ECS service's memory every ten minutes of <see cref="From"/>'s day, a bucket's size, a log group, and the day's cost.</summary>
    private async Task SeedAsync()
    {
        var client = new AwsApiClient(new AwsConnection("seed", Region, _moto.Admin, new AwsEndpointResolver(n => n == "AWS_ENDPOINT_URL" ? _moto.Endpoint.ToString() : null)));
        var meter = new AwsUsageMeter();
        var memory = new JsonArray();
        for (var minutes = 0; minutes < 24 * 60; minutes += 10)
        {
            memory.Add(new JsonObject
            {
                ["MetricName"] = "MemoryUtilization",
                ["Dimensions"] = new JsonArray(new JsonObject { ["Name"] = "ClusterName", ["Value"] = "prod" }, new JsonObject { ["Name"] = "ServiceName", ["Value"] = "api" }),
                ["Timestamp"] = From.AddMinutes(minutes).ToUnixTimeSeconds(),
                ["Value"] = 40 + (minutes / 60),
            });
        }
        await client.CallAsync(AwsService.CloudWatch, "PutMetricData", new JsonObject { ["Namespace"] = "AWS/ECS", ["MetricData"] = memory }, meter, CancellationToken.None);
        await client.CallAsync(AwsService.CloudWatch, "PutMetricData", new JsonObject
        {
            ["Namespace"] = "AWS/S3",
            ["MetricData"] = new JsonArray(new JsonObject
            {
                ["MetricName"] = "BucketSizeBytes",
                ["Dimensions"] = new JsonArray(new JsonObject { ["Name"] = "BucketName", ["Value"] = "build-artifacts" }, new JsonObject { ["Name"] = "StorageType", ["Value"] = "StandardStorage" }),
                ["Timestamp"] = From.ToUnixTimeSeconds(),
                ["Value"] = 5e11,
            }),
        }, meter, CancellationToken.None);
        await client.CallAsync(AwsService.Logs, "CreateLogGroup", new JsonObject { ["logGroupName"] = "/aws/lambda/billing-sync-staging" }, meter, CancellationToken.None);

        var day = From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var next = To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await _moto.PresetCostResultsAsync(
            new { ResultsByTime = new[] { new { TimePeriod = new { Start = day, End = next }, Total = new { }, Groups = new[] { CostGroup("31.5", "123456789012") }, Estimated = false } } },
            new { ResultsByTime = new[] { new { TimePeriod = new { Start = day, End = next }, Total = new { }, Groups = new[] { CostGroup("31.5", "AmazonCloudWatch", "APN1-DataProcessing-Bytes") }, Estimated = false } } });
    }

    private static object CostGroup(string amount, params string[] keys) => new { Keys = keys, Metrics = new { UnblendedCost = new { Amount = amount, Unit = "USD" } } };

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    private static CollectSummary Summary(CliResult result)
    {
        var m = SummaryLine().Match(result.Stdout);
        Assert.True(m.Success, result.ToString());
        return new CollectSummary(
            int.Parse(m.Groups["series"].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups["points"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["calls"].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups["metrics"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"collect: \d+ streams, (?<series>\d+) series, (?<points>\d+) points, (?<calls>\d+) API calls, (?<metrics>\d+) metrics requested, [\d.]+ GB scanned, est\. ")]
    private static partial Regex SummaryLine();

    private sealed record CollectSummary(int Series, long Points, int ApiCalls, long MetricsRequested);

    /// <summary>The web host over the collected data directory, with prod as an AWS environment and background collection off.</summary>
    private sealed class AwsWebFactory(string dataDir) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("OpsReport:DataDir", dataDir);
            builder.UseSetting("OpsReport:DashboardsDir", RepositoryPaths.Dashboards);
            builder.UseSetting("OpsReport:Collection:Enabled", "false");
            builder.UseSetting("OpsReport:Environments:0:Name", "prod");
            builder.UseSetting("OpsReport:Environments:0:Aws:Region", Region);
        }
    }
}
