using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// <c>check</c> for AWS environments: who the credentials are (STS GetCallerIdentity, printing the account id), then one
/// small read per API the sources use. A missing permission gives one line naming the environment and the IAM action.
/// </summary>
public sealed class AwsSourceCheck(AwsClientPool clients, TimeProvider timeProvider) : ISourceCheck
{
    public async Task<IReadOnlyList<CheckLine>> CheckAsync(string environment, CancellationToken cancellationToken)
    {
        var aws = clients.Connections.OptionsFor(environment);
        if (aws is null)
            return [];
        var lines = new List<CheckLine>();
        var meter = new AwsUsageMeter();
        AwsApiClient api;
        try
        {
            api = clients.For(environment);
            var identity = await StsIdentityClient.GetCallerIdentityAsync(api.Connection, meter, cancellationToken);
            var endpoints = new[] { AwsService.CloudWatch, AwsService.Logs, AwsService.CostExplorer, AwsService.Ecs }
                .Select(s => api.Connection.Endpoints.Resolve(s, api.Connection.Region))
                .Where(e => e.Overridden).Select(e => e.Endpoint.ToString()).Distinct().ToList();
            lines.Add(Ok(environment, "aws", $"credentials from {api.Connection.CredentialsDescription}: account {identity.Account} ({identity.Arn}), region {api.Connection.Region}"
                + (endpoints.Count > 0 ? $", endpoint override {string.Join(", ", endpoints)}" : "")));
        }
        catch (Exception e) when (e is AwsServiceException or AwsConfigurationException or AwsTimeoutException or HttpRequestException)
        {
            // Without working credentials every other call fails the same way: one line says it all.
            lines.Add(Error(environment, "aws", e, environment));
            return lines;
        }

        var now = timeProvider.GetUtcNow();
        var cloudWatch = new CloudWatchClient(api);
        var ns = aws.Namespaces.Count > 0 ? aws.Namespaces[0] : "AWS/Logs";
        await ProbeAsync(lines, environment, "cloudwatch", async () =>
        {
            var metrics = await cloudWatch.ListMetricsAsync(ns, null, meter, cancellationToken, maxPages: 1);
            return $"cloudwatch:ListMetrics allowed ({metrics.Count}{(metrics.Count > 0 ? "+" : "")} metrics in {ns})";
        });
        await ProbeAsync(lines, environment, "cloudwatch", async () =>
        {
            var probe = new CloudWatchMetric("AWS/Logs", "IncomingBytes", []);
            await cloudWatch.GetMetricDataAsync([new MetricDataQuery("check", probe, 3600, "Sum")], TimeWindow.FloorToHour(now) - TimeSpan.FromHours(1), TimeWindow.FloorToHour(now), meter, cancellationToken);
            return "cloudwatch:GetMetricData allowed (1 metric requested, $0.00001)";
        });

        var logs = new CloudWatchLogsClient(api);
        await ProbeAsync(lines, environment, "logs", async () =>
        {
            var groups = await logs.DescribeLogGroupsAsync(null, meter, cancellationToken, maxPages: 1, limit: 1);
            return $"logs:DescribeLogGroups allowed ({(groups.Count == 0 ? "no log groups" : "log groups listed")})";
        });
        if (aws.LogGroups.Count > 0)
        {
            await ProbeAsync(lines, environment, "logs", async () =>
            {
                // Five minutes of one line: scans next to nothing.
                var id = await logs.StartQueryAsync([.. aws.LogGroups], now - TimeSpan.FromMinutes(5), now, "fields @timestamp | limit 1", 1, meter, cancellationToken);
                await logs.GetQueryResultsAsync(id, meter, cancellationToken);
                return $"logs:StartQuery and logs:GetQueryResults allowed on {aws.LogGroups.Count} log group(s) ({string.Join(", ", aws.LogGroups.Take(3))}{(aws.LogGroups.Count > 3 ? ", …" : "")})";
            });
        }
        if (aws.EcsDeploys)
        {
            await ProbeAsync(lines, environment, "ecs", async () =>
            {
                var ecs = new EcsClient(api);
                var clusters = aws.EcsClusters.Count > 0 ? aws.EcsClusters : await ecs.ListClustersAsync(meter, cancellationToken, maxPages: 1, maxResults: 1);
                if (clusters.Count == 0)
                    return "ecs:ListClusters allowed (no ECS clusters in this region: no deploys to record)";
                var services = await ecs.ListServicesAsync(clusters[0], meter, cancellationToken, maxPages: 1, maxResults: 1);
                if (services.Count > 0)
                    await ecs.DescribeServicesAsync(clusters[0], services, meter, cancellationToken);
                return $"ecs:ListClusters, ecs:ListServices and ecs:DescribeServices allowed (deploys from {(aws.EcsClusters.Count > 0 ? $"{clusters.Count} configured cluster(s)" : "every cluster")})";
            });
        }
        if (aws.CostExplorer)
        {
            await ProbeAsync(lines, environment, "cost", async () =>
            {
                var yesterday = DateOnly.FromDateTime(now.UtcDateTime.Date).AddDays(-1);
                await new CostExplorerClient(api).GetDailyCostAsync(yesterday, yesterday.AddDays(1), [], null, meter, cancellationToken);
                return "ce:GetCostAndUsage allowed (this check cost $0.01)";
            });
        }
        return lines;
    }

    private static async Task ProbeAsync(List<CheckLine> lines, string environment, string source, Func<Task<string>> probe)
    {
        try
        {
            lines.Add(Ok(environment, source, await probe()));
        }
        catch (Exception e) when (e is AwsServiceException or AwsTimeoutException or HttpRequestException)
        {
            lines.Add(Error(environment, source, e, environment));
        }
    }

    private static CheckLine Ok(string environment, string source, string text) => new(CheckLevel.Ok, $"env {environment} {source}: {text}");

    private static CheckLine Error(string environment, string source, Exception e, string prefix)
    {
        var message = e.Message.StartsWith(prefix + ": ", StringComparison.Ordinal) ? e.Message[(prefix.Length + 2)..] : e.Message;
        return new CheckLine(CheckLevel.Error, $"env {environment} {source}: {message.ReplaceLineEndings(" ")}");
    }
}
