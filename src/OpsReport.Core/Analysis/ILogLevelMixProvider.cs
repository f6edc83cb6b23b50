namespace OpsReport.Core.Analysis;

/// <summary>
/// A source that can count one log group's (CloudWatch) or service's (Datadog) events per level over a window on demand,
/// e.g. with a Logs Insights <c>stats count() by level</c> query. Analysis asks only about a volume anomaly it found,
/// so the query cost is paid once per incident, not per hour; where sources store level-split series it is not asked.
/// </summary>
public interface ILogLevelMixProvider
{
    /// <summary>The level mix in the window, or null when this provider does not cover the environment or subject.</summary>
    Task<LogLevelMix?> GetLevelMixAsync(LogLevelMixRequest request, CancellationToken cancellationToken);
}
