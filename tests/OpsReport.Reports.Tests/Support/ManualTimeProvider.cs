namespace OpsReport.Reports.Tests.Support;

/// <summary>A clock that stands still until a test moves it (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
public sealed class ManualTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    private DateTimeOffset _now = utcNow.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => _now;

    public void SetUtcNow(DateTimeOffset value) => _now = value.ToUniversalTime();

    public void Advance(TimeSpan by) => _now += by;
}
