using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// ECS deployments (source <c>ecs</c>, stream <c>deploys</c>): every service of the configured clusters (default: all of
/// the region's), described ten at a time; each deployment ECS lists becomes a deploy of the service, its version the
/// task definition's <c>family:revision</c>, its time the deployment's <c>createdAt</c>. ECS only lists current and recent
/// deployments, so each pass records what is listed then; recording is idempotent.
/// </summary>
public sealed class EcsDeploySource : ISource
{
    public const string SourceName = "ecs";
    public const string DeploysStream = "deploys";

    private readonly AwsClientPool _clients;
    private readonly IDeployStore _deploys;
    private readonly CollectedWindows _windows;

    public EcsDeploySource(AwsClientPool clients, IMetricStore store, IDeployStore deploys)
    {
        _clients = clients;
        _deploys = deploys;
        _windows = new CollectedWindows(store);
    }

    public string Name => SourceName;

    public IReadOnlyList<SourceStream> GetStreams(string environment) =>
        _clients.Connections.OptionsFor(environment) is { EcsDeploys: true }
            // One pass reads the present state whatever the window: a backfill is one window, not one per day.
            ? [new SourceStream(Name, environment, DeploysStream, TimeSpan.FromHours(1), TimeSpan.FromDays(400), TimeSpan.Zero)]
            : [];

    public async Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken)
    {
        if (stream.Name != DeploysStream)
            throw new ArgumentException($"The ecs source has no stream '{stream.Name}' (streams: {DeploysStream}).", nameof(stream));
        if (await _windows.PlanAsync(stream.Id, window, TimeSpan.FromHours(1), TimeSpan.Zero, TimeSpan.Zero, cancellationToken) is null)
            return SourceBatch.Empty;
        var aws = _clients.Connections.OptionsFor(stream.Environment)!;
        var meter = new AwsUsageMeter();
        var ecs = new EcsClient(_clients.For(stream.Environment));
        var clusters = aws.EcsClusters.Count > 0 ? aws.EcsClusters : await ecs.ListClustersAsync(meter, cancellationToken);
        var deploys = new List<Deploy>();
        foreach (var cluster in clusters)
        {
            var services = await ecs.ListServicesAsync(cluster, meter, cancellationToken);
            foreach (var service in await ecs.DescribeServicesAsync(cluster, services, meter, cancellationToken))
            {
                deploys.AddRange(service.Deployments.Select(d =>
                    new Deploy(stream.Environment, service.Name, d.Version, DateTimeOffset.FromUnixTimeSeconds(d.CreatedAt.ToUnixTimeSeconds()), Deploy.SourceEcs)));
            }
        }
        await _deploys.UpsertAsync(deploys, cancellationToken);
        return new SourceBatch([], meter.Usage, []);
    }
}
