namespace OpsReport.Collectors.Sources;

/// <summary>
/// A source's answer to <c>check</c>: can it reach its system for an environment (credentials, permissions, one small read
/// per API), and what is missing. Implemented by sources that talk to a real system; the demo source needs none.
/// </summary>
public interface ISourceCheck
{
    /// <summary>Lines to print for the environment; none when the source does not serve it.</summary>
    Task<IReadOnlyList<CheckLine>> CheckAsync(string environment, CancellationToken cancellationToken);
}

/// <summary>How a check line counts toward <c>check</c>'s exit code.</summary>
public enum CheckLevel
{
    Ok,
    Warning,
    Error,
}

/// <summary>One line of <c>check</c> output, e.g. "prod cloudwatch: GetMetricData allowed (account 123456789012)".</summary>
public sealed record CheckLine(CheckLevel Level, string Text);
