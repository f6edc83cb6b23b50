using System.Globalization;
using System.Net.Http.Headers;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// Datadog's own rate limits, known only from response headers (DATADOG.md): <c>X-RateLimit-Limit</c>, <c>-Period</c> (s),
/// <c>-Remaining</c>, <c>-Reset</c> (s until the period resets) and <c>-Name</c>, per limit. Before the remaining
/// requests of a limit run out, callers wait for its reset, leaving a reserve for the people and dashboards that share it.
/// Thread-safe.
/// </summary>
internal sealed class DatadogRateLimits(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _nameByEndpoint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LimitState> _limits = new(StringComparer.Ordinal);

    /// <summary>How long to wait before the next request to the endpoint, given what its last answer said.</summary>
    public TimeSpan DelayBefore(string endpoint)
    {
        lock (_gate)
        {
            var name = _nameByEndpoint.GetValueOrDefault(endpoint, endpoint);
            if (!_limits.TryGetValue(name, out var state))
                return TimeSpan.Zero;
            var now = time.GetUtcNow();
            if (state.ResetAt <= now)
            {
                _limits.Remove(name);
                return TimeSpan.Zero;
            }
            // Keep 5 % of the limit (at least one request) for others.
            var reserve = Math.Max(1, state.Limit / 20);
            return state.Remaining <= reserve ? state.ResetAt - now : TimeSpan.Zero;
        }
    }

    /// <summary>Takes note of the limit headers of an answer (any status).</summary>
    public void Observe(string endpoint, HttpResponseHeaders headers)
    {
        if (Number(headers, "X-RateLimit-Remaining") is not { } remaining || Number(headers, "X-RateLimit-Reset") is not { } reset)
            return;
        var limit = Number(headers, "X-RateLimit-Limit") ?? remaining + 1;
        var name = headers.TryGetValues("X-RateLimit-Name", out var names) ? names.FirstOrDefault() ?? endpoint : endpoint;
        lock (_gate)
        {
            _nameByEndpoint[endpoint] = name;
            _limits[name] = new LimitState((int)Math.Min(limit, int.MaxValue), (int)Math.Min(remaining, int.MaxValue), time.GetUtcNow() + TimeSpan.FromSeconds(reset) + ResetMargin);
        }
    }

    /// <summary>
    /// Added to every announced reset: <c>X-RateLimit-Reset</c> is whole seconds rounded down, so a retry at exactly the
    /// announced time arrives up to a second early and is refused again.
    /// </summary>
    public static readonly TimeSpan ResetMargin = TimeSpan.FromSeconds(1);

    /// <summary>Up to this much more on top, so clients sharing the limit do not all retry in the same instant.</summary>
    public static readonly TimeSpan MaxJitter = TimeSpan.FromMilliseconds(750);

    /// <summary>
    /// The wait a 429 asks for: <c>X-RateLimit-Reset</c> (plus <see cref="ResetMargin"/> and jitter), else <c>Retry-After</c>;
    /// null when neither is given.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (Number(response.Headers, "X-RateLimit-Reset") is { } reset)
            return TimeSpan.FromSeconds(reset) + ResetMargin + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * MaxJitter.TotalMilliseconds);
        if (response.Headers.RetryAfter is { Delta: { } delta })
            return delta;
        return null;
    }

    // Headers are integers in practice; a float or a stray space must not break collection.
    private static double? Number(HttpResponseHeaders headers, string name)
    {
        if (!headers.TryGetValues(name, out var values))
            return null;
        var text = values.FirstOrDefault()?.Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value) ? value : null;
    }

    private sealed record LimitState(int Limit, int Remaining, DateTimeOffset ResetAt);
}
