using OpsReport.Core.Slos;

namespace OpsReport.Collectors.Tests.Slos;

/// <summary>Definitions only: what the sources and the coverage detector ask of the SLO reader.</summary>
internal sealed class FixedSloReader(params SloDefinition[] definitions) : ISloReader
{
    public IReadOnlyList<SloDefinition> Definitions { get; } = definitions;

    public Task<IReadOnlyList<SloStatus>> ReadAsync(string environment, DateTimeOffset now, string? tenant, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Evaluation is not part of these tests.");
}
