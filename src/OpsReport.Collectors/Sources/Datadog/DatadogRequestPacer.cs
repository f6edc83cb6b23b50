using System.Globalization;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// OpsReport's own optional cap on the requests to one Datadog organization: at most <see cref="BudgetPerHour"/> in any
/// rolling hour, for organizations whose limits are shared with dashboards and people. With no cap (0, the default)
/// nothing waits here: Datadog's per-endpoint <c>X-RateLimit-*</c> headers pace the requests (<see cref="DatadogRateLimits"/>),
/// so a backfill runs as fast as Datadog allows. Waits on the injected clock. Thread-safe.
/// </summary>
internal sealed class DatadogRequestPacer
{
    internal static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task<IReadOnlyList<DateTimeOffset>>>? _history;
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly SemaphoreSlim _seedGate = new(1, 1);
    private bool _seeded;

    /// <param name="budgetPerHour">The cap per rolling hour; 0 for none.</param>
    /// <param name="history">Send times of requests made before this process started (from run records), read once.</param>
    public DatadogRequestPacer(int budgetPerHour, TimeProvider time, Func<CancellationToken, Task<IReadOnlyList<DateTimeOffset>>>? history = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetPerHour);
        BudgetPerHour = budgetPerHour;
        _time = time;
        _history = history;
    }

    /// <summary>The cap per rolling hour; 0 when OpsReport sets none of its own.</summary>
    public int BudgetPerHour { get; }

    public bool Capped => BudgetPerHour > 0;

    /// <summary>Total time spent waiting for the cap, for progress and logs.</summary>
    public TimeSpan Waited { get; private set; }

    /// <summary>Requests counted in the rolling hour ending now (earlier runs included).</summary>
    public int SentInLastHour
    {
        get
        {
            lock (_gate)
            {
                Prune(_time.GetUtcNow());
                return _sent.Count;
            }
        }
    }

    /// <summary>Waits until a request fits the cap, then counts it as sent now; returns the time it was counted at.</summary>
    /// <param name="onWait">Told how long the wait will be before it starts (for logs).</param>
    public async Task<DateTimeOffset> WaitTurnAsync(CancellationToken cancellationToken, Action<TimeSpan>? onWait = null)
    {
        DateTimeOffset sent = default;
        await WaitTurnAsync(cancellationToken, onWait, Timeout.InfiniteTimeSpan, at => sent = at);
        return sent;
    }

    /// <summary>As above, but gives up (false, nothing counted) when the cap would make it wait longer than <paramref name="maxWait"/>.</summary>
    public Task<bool> WaitTurnAsync(CancellationToken cancellationToken, Action<TimeSpan>? onWait, TimeSpan maxWait) =>
        WaitTurnAsync(cancellationToken, onWait, maxWait, null);

    private async Task<bool> WaitTurnAsync(CancellationToken cancellationToken, Action<TimeSpan>? onWait, TimeSpan maxWait, Action<DateTimeOffset>? counted)
    {
        if (Capped)
            await SeedAsync(cancellationToken);
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                Prune(now);
                wait = DelayUntilFree(now);
                if (wait <= TimeSpan.Zero)
                {
                    _sent.Enqueue(now);
                    counted?.Invoke(now);
                    return true;
                }
                if (maxWait != Timeout.InfiniteTimeSpan && wait > maxWait)
                    return false;
                Waited += wait;
            }
            onWait?.Invoke(wait);
            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    public override string ToString() => Capped
        ? string.Create(CultureInfo.InvariantCulture, $"{SentInLastHour}/{BudgetPerHour} requests in the last hour")
        : string.Create(CultureInfo.InvariantCulture, $"{SentInLastHour} requests in the last hour (no cap of its own: paced by Datadog's rate-limit headers)");

    private TimeSpan DelayUntilFree(DateTimeOffset now)
    {
        if (!Capped || _sent.Count < BudgetPerHour)
            return TimeSpan.Zero;
        // The request that must leave the hour for one more to fit; a request at exactly t + Hour would make Hour + 1
        // inside [t, t + Hour]: step past the boundary.
        var leaving = _sent.ElementAt(_sent.Count - BudgetPerHour);
        var wait = leaving + Hour - now;
        return wait > TimeSpan.Zero ? wait + TimeSpan.FromMilliseconds(1) : TimeSpan.Zero;
    }

    private void Prune(DateTimeOffset now)
    {
        while (_sent.Count > 0 && _sent.Peek() <= now - Hour)
            _sent.Dequeue();
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (_seeded || _history is null)
            return;
        await _seedGate.WaitAsync(cancellationToken);
        try
        {
            if (_seeded)
                return;
            var earlier = await _history(cancellationToken);
            lock (_gate)
            {
                var merged = earlier.Concat(_sent).Order().ToList();
                _sent.Clear();
                foreach (var t in merged)
                    _sent.Enqueue(t);
            }
            _seeded = true;
        }
        finally
        {
            _seedGate.Release();
        }
    }
}
