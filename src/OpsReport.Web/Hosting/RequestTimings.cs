using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OpsReport.Web.Hosting;

/// <summary>
/// The server time of each request, measured around the whole pipeline (queries and rendering). Sent as a
/// <c>Server-Timing</c> header (browsers' developer tools show it) and, for requests carrying <see cref="Header"/>,
/// kept for the <c>bench</c> command to read.
/// </summary>
public sealed class RequestTimings
{
    public const string Header = "X-OpsReport-Bench";

    /// <summary>The bench waits for each mark right after its request, so a few are ever pending; more are not kept.</summary>
    public const int MaxPending = 256;

    public const int MaxMarkLength = 64;

    private readonly ConcurrentDictionary<string, TimeSpan> _marked = new(StringComparer.Ordinal);

    /// <summary>Marks waiting to be read (bounded by <see cref="MaxPending"/>, whatever clients send).</summary>
    public int Pending => _marked.Count;

    /// <summary>The server time of the marked request, once it has finished (the client may read the body a moment earlier).</summary>
    public async Task<TimeSpan?> WaitForAsync(string mark, CancellationToken ct)
    {
        for (var i = 0; i < 200; i++)
        {
            if (_marked.TryRemove(mark, out var elapsed))
                return elapsed;
            await Task.Delay(5, ct);
        }
        return null;
    }

    internal void Record(string? mark, TimeSpan elapsed)
    {
        // Any client can send the header: an unbounded map would grow with every distinct value.
        if (mark is { Length: > 0 and <= MaxMarkLength } && _marked.Count < MaxPending)
            _marked[mark] = elapsed;
    }
}

/// <summary>Puts the timing middleware first in the pipeline, without touching how the host is composed.</summary>
internal sealed class RequestTimingStartupFilter(RequestTimings timings) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var started = Stopwatch.GetTimestamp();
            context.Response.OnStarting(() =>
            {
                // Razor pages start the response when rendering is done, so this is nearly the whole server time.
                context.Response.Headers["Server-Timing"] = "app;dur=" + Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            await nextMiddleware(context);
            timings.Record(context.Request.Headers[RequestTimings.Header], Stopwatch.GetElapsedTime(started));
        });
        next(app);
    };
}
