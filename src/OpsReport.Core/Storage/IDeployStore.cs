using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>Where deploys are kept, beside the series (same database, own table). All times in and out are UTC.</summary>
public interface IDeployStore
{
    /// <summary>Creates the deploys table when it is missing. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records deploys by identity (environment, service, version, time to the second); one already recorded is left as it
    /// was. Returns how many were new.
    /// </summary>
    Task<int> UpsertAsync(IReadOnlyCollection<Deploy> deploys, CancellationToken cancellationToken = default);

    /// <summary>Deploys of an environment with times in the window, oldest first, optionally of one service.</summary>
    Task<IReadOnlyList<Deploy>> ListAsync(string environment, TimeWindow window, string? service = null, CancellationToken cancellationToken = default);
}
