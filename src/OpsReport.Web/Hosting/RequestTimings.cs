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

    private readonly ConcurrentDictionary<string, TimeSpan> _marked = new(StringComparer.Ordinal);

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
        if (mark is { Length: > 0 })
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
