namespace OpsReport.Collectors.Tests.Aws.Support;

/// <summary>
/// A clock that starts at a fixed instant and then runs at real speed, with real timers: the sources' retries and
/// polls must wait for real (the servers answer in real time), while "now" stays near the seeded data.
/// </summary>
internal sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly long _origin = System.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => start + System.GetElapsedTime(_origin);
}
