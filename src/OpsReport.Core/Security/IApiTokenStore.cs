namespace OpsReport.Core.Security;

/// <summary>API tokens for scripts and other dashboards, kept as hashes (a leaked store does not leak usable tokens).</summary>
public interface IApiTokenStore
{
    /// <summary>Creates a token and returns it; this is the only time its text exists outside the caller.</summary>
    Task<string> CreateAsync(string name, ApiRole role, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>False when no token has that name.</summary>
    Task<bool> RevokeAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The token's record, or null for an unknown or revoked token.</summary>
    Task<ApiToken?> FindAsync(string token, CancellationToken cancellationToken = default);
}
