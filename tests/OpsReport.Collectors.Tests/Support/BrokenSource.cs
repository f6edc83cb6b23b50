using OpsReport.Collectors.Sources;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Support;

/// <summary>A source whose every collection throws (or whose stream listing throws), like an unreachable API.</summary>
internal sealed class BrokenSource(string name, string message, bool failListing = false) : ISource
{
    public string Name => name;

    public IReadOnlyList<SourceStream> GetStreams(string environment) => failListing
        ? throw new InvalidOperationException(message)
        : environment == "prod" ? [new SourceStream(name, environment, "metrics", TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.Zero)] : [];

    public Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(message);
}
