using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Caching.Memory;

namespace OpsReport.Web.Hosting;

/// <summary>
/// Views and PDFs are rendered under a concurrency limit, and their results are kept per (address, data version), so a
/// crowd opening the same incident link costs one rendering: on a cache miss the first request renders and identical
/// requests arriving meanwhile wait for its result instead of rendering it again. Excess requests wait briefly, then get
/// 503 with Retry-After; memory stays bounded by the limit and the cache's size cap instead of growing with the number of clients.
/// </summary>
internal sealed class HeavyViewLimiter(RequestDelegate next, DataVersion version, IdleMemoryCompactor idle, ILogger<HeavyViewLimiter> logger)
{
    public const long CacheBytes = 64L * 1024 * 1024;

    public const int MaxCachedBytes = 4 * 1024 * 1024;
    public static readonly TimeSpan QueueWait = TimeSpan.FromSeconds(3);
    public const int RetryAfterSeconds = 5;

    // A request waiting for an identical one's rendering: the leader's queue wait plus a generous render time.
    public static readonly TimeSpan FollowerWait = TimeSpan.FromSeconds(20);

    // Rendering is CPU-bound: more at once than cores only multiplies the memory held by half-finished pages.
    private readonly SemaphoreSlim _permits = new(Math.Max(2, Environment.ProcessorCount));
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CacheBytes });

    // Renderings in progress by cache key; completed with the view, or null when it could not be cached (not 200, too large).
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CachedView?>> _rendering = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsHeavy(context))
        {
            await next(context);
            return;
        }
        idle.MarkActivity();
        try
        {
            await AnswerAsync(context);
        }
        finally
        {
            idle.MarkFinished();
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var key = "view|" + context.Request.Path.Value + "|" + string.Join("&", context.Request.Query.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => q.Key + "=" + q.Value))
            + "|" + await version.CurrentAsync(context.RequestAborted);
        // `bench` measures rendering: its marked requests from this machine skip the cache (never a client elsewhere).
        var measured = context.Request.Headers.ContainsKey(RequestTimings.Header)
            && (context.Connection.RemoteIpAddress is null || System.Net.IPAddress.IsLoopback(context.Connection.RemoteIpAddress));
        if (measured)
        {
            await RenderAsync(context, key, measured: true);
            return;
        }
        if (_cache.TryGetValue(key, out CachedView? hit))
        {
            await hit!.WriteAsync(context);
            return;
        }
        var mine = new TaskCompletionSource<CachedView?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var leader = _rendering.GetOrAdd(key, mine);
        if (leader != mine)
        {
            CachedView? shared;
            try
            {
                shared = await leader.Task.WaitAsync(FollowerWait, context.RequestAborted);
            }
            catch (TimeoutException)
            {
                await BusyAsync(context, FollowerWait);
                return;
            }
            if (shared is not null)
            {
                await shared.WriteAsync(context);
                return;
            }
            // The leader's answer was not cacheable (an error, a very large view): this request renders its own.
            await RenderAsync(context, key, measured: false);
            return;
        }
        CachedView? rendered = null;
        try
        {
            rendered = await RenderAsync(context, key, measured: false);
        }
        finally
        {
            _rendering.TryRemove(new KeyValuePair<string, TaskCompletionSource<CachedView?>>(key, mine));
            mine.TrySetResult(rendered);
        }
    }

    /// <summary>Renders under a permit, answers, and caches a 200 of bounded size; null when nothing was cached.</summary>
    private async Task<CachedView?> RenderAsync(HttpContext context, string key, bool measured)
    {
        if (!await _permits.WaitAsync(QueueWait, context.RequestAborted))
        {
            await BusyAsync(context, QueueWait);
            return null;
        }
        try
        {
            // Another request may have rendered it while this one waited.
            if (!measured && _cache.TryGetValue(key, out CachedView? hit))
            {
                await hit!.WriteAsync(context);
                return hit;
            }
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            CachedView? view = null;
            if (context.Response.StatusCode == StatusCodes.Status200OK && buffer.Length <= MaxCachedBytes)
            {
                view = new CachedView(buffer.ToArray(), context.Response.ContentType, context.Response.Headers.ContentDisposition.ToString());
                _cache.Set(key, view, new MemoryCacheEntryOptions { Size = view.Body.Length, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(2) });
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
            return view;
        }
        finally
        {
            _permits.Release();
        }
    }

    private async Task BusyAsync(HttpContext context, TimeSpan waited)
    {
        // Debug, not Warning: under the load this guards against, one line per refusal would flood the log.
        logger.LogDebug("Busy: {Path} refused after waiting {Seconds} s for a rendering.", context.Request.Path.Value, waited.TotalSeconds);
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await AccessGate.Refuse(context, StatusCodes.Status503ServiceUnavailable, AccessText.Get(AccessText.LanguageOf(context), "busy"), context.Request.Path.StartsWithSegments("/api"));
    }

    private static bool IsHeavy(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || context.GetEndpoint() is not RouteEndpoint)
            return false;
        var path = context.Request.Path;
        // The reports page carries a per-visitor form token; health checks must answer even when busy.
        return !(path == "/healthz" || path == "/readyz" || path == "/reports");
    }

    /// <summary>A rendered view: its bytes and the headers that describe them.</summary>
    private sealed record CachedView(byte[] Body, string? ContentType, string ContentDisposition)
    {
        public async Task WriteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = ContentType;
            if (ContentDisposition.Length > 0)
                context.Response.Headers.ContentDisposition = ContentDisposition;
            context.Response.ContentLength = Body.Length;
            await context.Response.Body.WriteAsync(Body, context.RequestAborted);
        }
    }
}
