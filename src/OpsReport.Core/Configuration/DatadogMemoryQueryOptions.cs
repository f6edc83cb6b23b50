namespace OpsReport.Core.Configuration;

/// <summary>One Datadog memory query, stored as utilization in percent per service (or host, container…).</summary>
public sealed class DatadogMemoryQueryOptions
{
    /// <summary>Label used in <c>check</c> output and warnings, e.g. <c>containers</c> or <c>hosts</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>A metric query with a <c>by {…}</c> grouping; <c>$env</c> stands for the env tag, e.g. <c>avg:container.memory.usage{env:$env} by {service}</c>.</summary>
    public string Query { get; set; } = "";

    /// <summary>The limit with the same grouping, e.g. <c>avg:container.memory.limit{env:$env} by {service}</c>; utilization = 100 × Query ÷ Limit.</summary>
    public string? LimitQuery { get; set; }

    /// <summary>
    /// What <see cref="Query"/> returns when there is no <see cref="LimitQuery"/>: <c>percent</c> (0–100 used), <c>fraction</c>
    /// (0–1 used) or <c>free-fraction</c> (0–1 free, e.g. <c>system.mem.pct_usable</c>).
    /// </summary>
    public string Unit { get; set; } = "percent";

    /// <summary>The group tag whose value names the series (<c>service</c>, <c>host</c>, <c>kube_deployment</c>…).</summary>
    public string ServiceTag { get; set; } = "service";
}
