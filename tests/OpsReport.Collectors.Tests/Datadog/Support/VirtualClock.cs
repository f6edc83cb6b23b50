namespace OpsReport.Collectors.Tests.Datadog.Support;

/// <summary>
/// A clock whose waits take no real time: a timer due in 5 minutes moves the clock 5 minutes forward and fires at
/// once. Pacing, backoff and rate-limit resets are thereby tested without sleeping, and the fake Datadog stamps each
/// request with the same clock, so "requests per rolling hour" is measured in the client's own time.
/// </summary>
internal sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    public DateTimeOffset Start { get; } = start;

    /// <summary>Virtual time passed since the start (waits included).</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    /// <summary>Every wait requested, in order (for asserting that the client waited as told).</summary>
    public List<TimeSpan> Waits { get; } = [];

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by)
    {
        lock (_gate)
            _now += by;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new JumpTimer(this, callback, state, dueTime);

    // Concurrent waits overlap as they would in real time: the clock moves to the latest due time, not their sum.
    private void Jump(DateTimeOffset createdAt, TimeSpan due)
    {
        lock (_gate)
        {
            Waits.Add(due);
            if (createdAt + due > _now)
                _now = createdAt + due;
        }
    }

    // One-shot: Task.Delay is the only user; a periodic timer would spin the clock forever.
    private sealed class JumpTimer : ITimer
    {
        private readonly VirtualClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly DateTimeOffset _createdAt;
        private int _fired;

        public JumpTimer(VirtualClock clock, TimerCallback callback, object? state, TimeSpan dueTime)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _createdAt = clock.GetUtcNow();
            Change(dueTime, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan || Interlocked.Exchange(ref _fired, 1) == 1)
                return true;
            if (dueTime > TimeSpan.Zero)
                _clock.Jump(_createdAt, dueTime);
            ThreadPool.QueueUserWorkItem(_ => _callback(_state));
            return true;
        }

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
