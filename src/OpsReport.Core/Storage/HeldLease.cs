namespace OpsReport.Core.Storage;

/// <summary>
/// A lease this instance holds while it works: renewed every third of its duration, released when disposed. Should a
/// renewal find it taken over (this process stalled past its expiry), <see cref="Lost"/> is cancelled so the work stops
/// before it writes what the new holder is fetching.
/// </summary>
public sealed class HeldLease : IAsyncDisposable
{
    private readonly IMetricStore _store;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    private HeldLease(IMetricStore store, string name, TimeSpan duration, TimeProvider clock)
    {
        _store = store;
        Name = name;
        _duration = duration;
        _clock = clock;
        _renewal = Task.Run(RenewAsync);
    }

    public string Name { get; }

    /// <summary>Cancelled when the lease was lost to another instance.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>The lease, or null while another instance holds it.</summary>
    public static async Task<HeldLease?> TryAcquireAsync(IMetricStore store, string name, TimeSpan duration, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        return await store.TryAcquireLeaseAsync(name, duration, clock.GetUtcNow(), cancellationToken)
            ? new HeldLease(store, name, duration, clock)
            : null;
    }

    private async Task RenewAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // The cadence is real time (the process is alive and working), the expiry the injected clock's: a test
                // clock that jumps forward on every wait would otherwise be driven forward by the renewals themselves.
                await Task.Delay(_duration / 3, TimeProvider.System, _stop.Token);
                if (!await _store.TryAcquireLeaseAsync(Name, _duration, _clock.GetUtcNow(), _stop.Token))
                {
                    await _lost.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // A store that does not answer: try again at the next tick; the lease expires by itself if this persists.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        if (!_lost.IsCancellationRequested)
        {
            try
            {
                await _store.ReleaseLeaseAsync(Name, CancellationToken.None);
            }
            catch (Exception)
            {
                // Unreleased, the lease expires by itself; nothing is lost but the wait.
            }
        }
        _stop.Dispose();
        _lost.Dispose();
    }
}
