using System.Globalization;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// Keeps the requests to one Datadog organization within OpsReport's own budget: at most <see cref="BudgetPerHour"/> in
/// any rolling hour, and at most a sixth of it in any rolling ten minutes, so a long backfill spreads over the hour
/// instead of emptying Datadog's shared per-org limits at once. Waits on the injected clock. Thread-safe.
/// </summary>
internal sealed class DatadogRequestPacer
{
    internal static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    internal static readonly TimeSpan BurstWindow = TimeSpan.FromMinutes(10);

    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task<IReadOnlyList<DateTimeOffset>>>? _history;
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly SemaphoreSlim _seedGate = new(1, 1);
    private bool _seeded;

    /// <param name="history">Send times of requests made before this process started (from run records), read once.</param>
    public DatadogRequestPacer(int budgetPerHour, TimeProvider time, Func<CancellationToken, Task<IReadOnlyList<DateTimeOffset>>>? history = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetPerHour, 1);
        BudgetPerHour = budgetPerHour;
        BurstLimit = Math.Max(1, (budgetPerHour + 5) / 6);
        _time = time;
        _history = history;
    }

    public int BudgetPerHour { get; }

    /// <summary>Requests allowed in any <see cref="BurstWindow"/>.</summary>
    public int BurstLimit { get; }

    /// <summary>Total time spent waiting for the budget, for progress and logs.</summary>
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

    /// <summary>Waits until a request fits the budget, then counts it as sent now; returns the time it was counted at.</summary>
    /// <param name="onWait">Told how long the wait will be before it starts (for logs).</param>
    public async Task<DateTimeOffset> WaitTurnAsync(CancellationToken cancellationToken, Action<TimeSpan>? onWait = null)
    {
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
                    return now;
                }
                Waited += wait;
            }
            onWait?.Invoke(wait);
            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{SentInLastHour}/{BudgetPerHour} requests in the last hour (at most {BurstLimit} per {BurstWindow.TotalMinutes:0} min)");

    private TimeSpan DelayUntilFree(DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        if (_sent.Count >= BudgetPerHour)
        {
            // The request that must leave the hour for one more to fit.
            var leaving = _sent.ElementAt(_sent.Count - BudgetPerHour);
            wait = Max(wait, leaving + Hour - now);
        }
        var recent = _sent.Where(t => t > now - BurstWindow).ToList();
        if (recent.Count >= BurstLimit)
            wait = Max(wait, recent[recent.Count - BurstLimit] + BurstWindow - now);
        // A request at exactly t + Hour would make Hour + 1 inside [t, t + Hour]: step past the boundary.
        return wait > TimeSpan.Zero ? wait + TimeSpan.FromMilliseconds(1) : wait;
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

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
