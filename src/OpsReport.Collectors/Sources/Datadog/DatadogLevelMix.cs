using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// What a Datadog service's logs were in a window: events per level (DEBUG, INFO, WARN, ERROR from Datadog's status),
/// whether Datadog answered in full, and what the query cost.
/// </summary>
/// <param name="Complete">False when Datadog answered <c>status:"timeout"</c>: the counts are partial (shares are still indicative).</param>
public sealed record DatadogLevelMix(
    string Environment,
    string Service,
    TimeWindow Window,
    IReadOnlyDictionary<string, double> EventsByLevel,
    bool Complete,
    ApiUsage Usage,
    IReadOnlyList<string> Warnings)
{
    public double TotalEvents => EventsByLevel.Values.Sum();

    /// <summary>DEBUG and TRACE events as a share of all events (0–1), or null when there were none.</summary>
    public double? DebugShare => TotalEvents > 0 ? (EventsByLevel.GetValueOrDefault("DEBUG") + EventsByLevel.GetValueOrDefault("TRACE")) / TotalEvents : null;
}
