using Microsoft.Extensions.Caching.Memory;

namespace OpsReport.Web.Hosting;

/// <summary>
/// The numbers behind a view (what a query read and computed from the store), kept per <see cref="DataVersion.ViewDataAsync"/>:
/// a page, its JSON, its CSV downloads and its other language read one query until the store changes (a collection, an
/// analysis, a deploy) or the hour turns, so a new collection shows at once. Requests for the same numbers while they are
/// being computed share that computation. The rendered answers themselves are cached by <see cref="HeavyViewLimiter"/>;
/// <see cref="ViewWarmer"/> computes the default views in the background after a collection.
/// </summary>
public sealed class ViewDataCache(DataVersion version, int maxEntries = ViewDataCache.MaxEntries)
{
    /// <summary>Entries kept by default; the largest (a week of incident points) weighs a few MB.</summary>
    public const int MaxEntries = 32;

    // An entry unread this long goes: the version moves with the hour anyway, this only bounds what an idle server holds.
    private static readonly TimeSpan Unread = TimeSpan.FromMinutes(30);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = maxEntries });
    private readonly Lock _gate = new();
    private string? _version;

    /// <summary>Queries answered from a computation that was already there or under way.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Queries that had to be computed.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    private long _hits;
    private long _misses;

    /// <summary>
    /// The value cached under <paramref name="key"/> for the store's current version, or <paramref name="build"/>'s.
    /// The key must name every time the numbers depend on beyond the hour and the local day (a window, a range).
    /// The value is shared between requests: it must not be changed by its readers.
    /// </summary>
    public async Task<T> GetOrBuildAsync<T>(string key, Func<CancellationToken, Task<T>> build, CancellationToken ct)
        where T : class
    {
        var current = await version.ViewDataAsync(ct);
        var full = typeof(T).FullName + "|" + key + "|" + current;
        Lazy<Task<T>> entry;
        lock (_gate)
        {
            // Entries of an older version can never be read again: dropped at once rather than left to fill the cache.
            if (_version != current)
            {
                _cache.Compact(1.0);
                _version = current;
            }
            if (_cache.TryGetValue(full, out Lazy<Task<T>>? cached) && cached is not null && !(cached.IsValueCreated && (cached.Value.IsFaulted || cached.Value.IsCanceled)))
            {
                entry = cached;
                Interlocked.Increment(ref _hits);
            }
            else
            {
                // Not the caller's token: a request that goes away must not cancel the others waiting for the same numbers.
                entry = new Lazy<Task<T>>(() => BuildAsync(build));
                _cache.Set(full, entry, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Unread });
                Interlocked.Increment(ref _misses);
            }
        }
        // Started outside the lock: queries of other views are not held up by this one.
        var task = entry.Value;
        return await task.WaitAsync(ct);
    }

    // Awaited inside an async method, a computation that throws before its first await is a failed task, which the next
    // request replaces, rather than an exception the Lazy would keep.
    private static async Task<T> BuildAsync<T>(Func<CancellationToken, Task<T>> build) => await build(CancellationToken.None);

    /// <summary>Forgets everything (<c>bench pages</c> measures the first visitor after a change this way).</summary>
    public void Clear()
    {
        lock (_gate)
            _cache.Compact(1.0);
    }
}
