using System.Runtime;

namespace OpsReport.Web.Hosting;

/// <summary>
/// Gives memory back once a burst of heavy requests is over: after <see cref="IdleAfter"/> without one, a single
/// aggressive, compacting collection returns the heap the burst grew to the operating system. The server GC otherwise
/// keeps it for the next burst, so a dashboard that was busy for a minute would hold its peak for hours.
/// </summary>
internal sealed class IdleMemoryCompactor(TimeProvider time, ILogger<IdleMemoryCompactor> logger) : BackgroundService
{
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    private long _activity;
    private long _compactedAt;
    private long _lastActivityTicks;

    private int _inFlight;

    /// <summary>Heavy requests being answered now (<see cref="ViewWarmer"/> waits for none before each computation).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Called when a heavy request starts; <see cref="MarkFinished"/> when it has been answered.</summary>
    public void MarkActivity()
    {
        Interlocked.Increment(ref _activity);
        Interlocked.Increment(ref _inFlight);
        Interlocked.Exchange(ref _lastActivityTicks, time.GetTimestamp());
    }

    public void MarkFinished() => Interlocked.Decrement(ref _inFlight);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var activity = Interlocked.Read(ref _activity);
            if (activity == _compactedAt || time.GetElapsedTime(Interlocked.Read(ref _lastActivityTicks)) < IdleAfter)
                continue;
            _compactedAt = activity;
            var before = GC.GetTotalMemory(false);
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            logger.LogDebug("Idle after {Requests} heavy request(s): heap {Before} MB → {After} MB.", activity, before / 1048576, GC.GetTotalMemory(false) / 1048576);
        }
    }
}
