namespace OpsReport.Core.Slos;

/// <summary>
/// The one owner of SLO numbers: reads the definitions and the stored good/total counts and evaluates them. Pages,
/// API, PDF, email and analysis all call this.
/// </summary>
public interface ISloReader
{
    /// <summary>The loaded definitions (empty when <c>dashboards/slos.yaml</c> does not exist).</summary>
    IReadOnlyList<SloDefinition> Definitions { get; }

    /// <summary>
    /// Every SLO of the environment evaluated at <paramref name="now"/>: the environment-wide status of each definition,
    /// followed by one per tenant for <c>per_tenant</c> definitions. With <paramref name="tenant"/> set, only that
    /// tenant's statuses.
    /// </summary>
    Task<IReadOnlyList<SloStatus>> ReadAsync(string environment, DateTimeOffset now, string? tenant, CancellationToken cancellationToken);
}
