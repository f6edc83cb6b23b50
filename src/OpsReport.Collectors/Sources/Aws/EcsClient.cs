using System.Text.Json.Nodes;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Amazon ECS over JSON 1.1 (<c>AmazonEC2ContainerServiceV20141113.</c>): clusters and services (paged) and the
/// deployments <c>DescribeServices</c> lists per service (at most 10 services per call).
/// </summary>
public sealed class EcsClient(AwsApiClient api)
{
    /// <summary>DescribeServices takes at most 10 services per call.</summary>
    public const int MaxServicesPerDescribe = 10;

    /// <summary>ListClusters and ListServices return at most 100 ARNs per page.</summary>
    public const int MaxResultsPerPage = 100;

    /// <summary>Every cluster ARN of the region, following <c>nextToken</c>.</summary>
    public Task<IReadOnlyList<string>> ListClustersAsync(AwsUsageMeter meter, CancellationToken cancellationToken, int maxPages = int.MaxValue, int maxResults = MaxResultsPerPage) =>
        ListAsync("ListClusters", "clusterArns", [], meter, cancellationToken, maxPages, maxResults);

    /// <summary>Every service ARN of a cluster (name or ARN), following <c>nextToken</c>.</summary>
    public Task<IReadOnlyList<string>> ListServicesAsync(string cluster, AwsUsageMeter meter, CancellationToken cancellationToken, int maxPages = int.MaxValue, int maxResults = MaxResultsPerPage) =>
        ListAsync("ListServices", "serviceArns", [KeyValuePair.Create<string, JsonNode?>("cluster", cluster)], meter, cancellationToken, maxPages, maxResults);

    /// <summary>The services with their deployments, in calls of at most <see cref="MaxServicesPerDescribe"/>.</summary>
    public async Task<IReadOnlyList<EcsService>> DescribeServicesAsync(string cluster, IReadOnlyList<string> services, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var result = new List<EcsService>();
        foreach (var batch in services.Chunk(MaxServicesPerDescribe))
        {
            var request = new JsonObject
            {
                ["cluster"] = cluster,
                ["services"] = new JsonArray([.. batch.Select(s => (JsonNode)JsonValue.Create(s))]),
            };
            var response = await api.CallAsync(AwsService.Ecs, "DescribeServices", request, meter, cancellationToken);
            foreach (var s in Json.Array(response, "services"))
            {
                var deployments = new List<EcsDeployment>();
                foreach (var d in Json.Array(s, "deployments"))
                {
                    // createdAt is epoch seconds (a number, may be fractional) in ECS's JSON protocol.
                    if (Json.Double(d, "createdAt") is not { } created || Json.String(d, "taskDefinition") is not { } taskDefinition)
                        continue;
                    deployments.Add(new EcsDeployment(Json.String(d, "id") ?? "", Json.String(d, "status") ?? "", taskDefinition,
                        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(created * 1000)), Json.String(d, "rolloutState")));
                }
                result.Add(new EcsService(Json.String(s, "serviceName") ?? "", Json.String(s, "clusterArn") ?? cluster, deployments));
            }
        }
        return result;
    }

    private async Task<IReadOnlyList<string>> ListAsync(string action, string member, IEnumerable<KeyValuePair<string, JsonNode?>> fields, AwsUsageMeter meter, CancellationToken cancellationToken,
        int maxPages, int maxResults)
    {
        var arns = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = new JsonObject { ["maxResults"] = maxResults };
            foreach (var (name, value) in fields)
                request[name] = value?.DeepClone();
            if (token is not null)
                request["nextToken"] = token;
            var response = await api.CallAsync(AwsService.Ecs, action, request, meter, cancellationToken);
            arns.AddRange(Json.Array(response, member).Select(a => a.GetString() ?? "").Where(a => a.Length > 0));
            token = Json.String(response, "nextToken");
            pages++;
        }
        while (token is not null && pages < maxPages);
        return arns;
    }
}

/// <summary>An ECS service and the deployments ECS still lists for it (the primary one and any still rolling out or recently done).</summary>
public sealed record EcsService(string Name, string ClusterArn, IReadOnlyList<EcsDeployment> Deployments);

/// <summary>One ECS deployment: which task definition revision went out and when it started.</summary>
public sealed record EcsDeployment(string Id, string Status, string TaskDefinitionArn, DateTimeOffset CreatedAt, string? RolloutState)
{
    /// <summary><c>family:revision</c> of the task definition (<c>…:task-definition/api:42</c> → <c>api:42</c>): the version that went out.</summary>
    public string Version
    {
        get
        {
            var slash = TaskDefinitionArn.LastIndexOf('/');
            return slash >= 0 ? TaskDefinitionArn[(slash + 1)..] : TaskDefinitionArn;
        }
    }
}
