namespace OpsReport.Core.Time;

/// <summary>A clock stopped at one instant (set with <c>OPSREPORT_FIXED_NOW</c>), for reproducible demos, screenshots and tests.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public const string EnvironmentVariable = "OPSREPORT_FIXED_NOW";

    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
