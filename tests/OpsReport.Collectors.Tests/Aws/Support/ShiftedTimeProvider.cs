namespace OpsReport.Collectors.Tests.Aws.Support;

/// <summary>
/// A clock that starts at a fixed instant and then runs at real speed, with real timers: the sources' retries and
/// polls must wait for real (the servers answer in real time), while "now" stays near the seeded data.
/// <see cref="Advance"/> jumps "now" forward, as for a later pass of a scheduled collection.
/// </summary>
internal sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly long _origin = System.GetTimestamp();
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => start + System.GetElapsedTime(_origin) + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
