namespace OpsReport.Web.Hosting;

/// <summary>The last time a request failed because the store could not be read; <c>/readyz</c> reports it for a minute.</summary>
public sealed class StoreHealth(TimeProvider clock)
{
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);
    private DateTimeOffset? _lastFailure;
    private string? _lastError;

    public void Failed(string error)
    {
        _lastError = error;
        _lastFailure = clock.GetUtcNow();
    }

    public void Recovered() => _lastFailure = null;

    /// <summary>The error of a failure in the last minute, else null.</summary>
    public string? RecentError => _lastFailure is { } at && clock.GetUtcNow() - at < Remembered ? _lastError : null;
}
