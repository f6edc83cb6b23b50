using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>Builds the metric query strings of an environment: the env/service scope, configured queries with <c>$env</c>, units.</summary>
internal static class DatadogQueryText
{
    /// <summary>The default memory query: container memory usage against its limit, by service, the hour's maximum.</summary>
    public static readonly DatadogMemoryQueryOptions DefaultMemory = new()
    {
        Name = "containers",
        Query = "max:container.memory.usage{env:$env} by {service}.rollup(max, 3600)",
        LimitQuery = "max:container.memory.limit{env:$env} by {service}.rollup(max, 3600)",
        ServiceTag = "service",
    };

    /// <summary><c>env:prod</c>, or <c>env:prod AND (service:api OR service:web)</c> when services are listed.</summary>
    public static string Scope(DatadogConnection connection) => WithServices("env:" + connection.EnvTag, connection.Options.Services);

    /// <summary>A scope narrowed to the listed services (boolean filter syntax, so commas become AND).</summary>
    public static string WithServices(string scope, IReadOnlyList<string> services)
    {
        if (services.Count == 0)
            return scope;
        var any = services.Count == 1 ? "service:" + services[0] : "(" + string.Join(" OR ", services.Select(s => "service:" + s)) + ")";
        return scope.Trim() == "*" ? any : scope.Replace(",", " AND ", StringComparison.Ordinal) + " AND " + any;
    }

    /// <summary>Replaces <c>$env</c> by the environment's env tag.</summary>
    public static string Substitute(string text, DatadogConnection connection) => text.Replace("$env", connection.EnvTag, StringComparison.Ordinal);

    /// <summary>The log scope of the environment (config <c>LogScope</c>, <c>$env</c> replaced), narrowed to the listed services.</summary>
    public static string LogMetricScope(DatadogConnection connection) => WithServices(Substitute(connection.Options.LogScope, connection), connection.Options.Services);

    /// <summary>A configured metric (optionally with its own scope in braces) as <c>metric{scope}</c>.</summary>
    public static string MetricWithScope(string configured, DatadogConnection connection)
    {
        var text = Substitute(configured.Trim(), connection);
        return text.Contains('{', StringComparison.Ordinal) ? text : text + "{" + Scope(connection) + "}";
    }

    /// <summary>
    /// The query rolled up into local days or ISO weeks of <paramref name="zoneId"/>: Datadog's calendar-aligned rollup
    /// <c>.rollup(&lt;aggregator&gt;, daily, 12am, '&lt;zone&gt;')</c> / <c>.rollup(&lt;aggregator&gt;, weekly, monday, '&lt;zone&gt;')</c>.
    /// The aggregator is <c>sum</c> for counts; on a distribution's percentile it has no effect (Datadog merges the
    /// period's sketches), <c>avg</c> fills the slot.
    /// </summary>
    public static string CalendarRollup(string query, string aggregator, Resolution resolution, string zoneId)
    {
        if (resolution == Resolution.Day)
            return $"{query}.rollup({aggregator}, daily, 12am, '{zoneId}')";
        if (resolution == Resolution.Week)
            return $"{query}.rollup({aggregator}, weekly, monday, '{zoneId}')";
        throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "calendar rollups are by local day or ISO week");
    }

    /// <summary>Milliseconds per unit of a Datadog unit name (or a configured short unit); null when unknown.</summary>
    public static double? MillisecondsPer(string? unit) => unit?.ToLowerInvariant() switch
    {
        "nanosecond" or "nanoseconds" or "ns" => 1e-6,
        "microsecond" or "microseconds" or "us" or "µs" => 1e-3,
        "millisecond" or "milliseconds" or "ms" => 1,
        "second" or "seconds" or "s" => 1000,
        "minute" or "minutes" or "min" => 60_000,
        "hour" or "hours" or "h" => 3_600_000,
        _ => null,
    };
}
