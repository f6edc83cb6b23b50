using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>
/// What analysis asks an <see cref="ILogLevelMixProvider"/>: the environment, the dimensions of the log series
/// (<c>log_group</c> or <c>service</c>), the window, and how many message patterns to return.
/// </summary>
public sealed record LogLevelMixRequest(string Environment, IReadOnlyDictionary<string, string> Dimensions, TimeWindow Window, int TopPatterns = 3);

/// <summary>Events per level (DEBUG, INFO, …, upper case) in a window, and the most frequent message patterns.</summary>
public sealed record LogLevelMix(IReadOnlyDictionary<string, double> EventsByLevel, IReadOnlyList<LogPattern> TopPatterns)
{
    /// <summary>Levels that are diagnostics, not operations: the ones left on by mistake.</summary>
    public static readonly IReadOnlySet<string> VerboseLevels = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "DEBUG", "TRACE", "VERBOSE" };

    public double Total => EventsByLevel.Values.Sum();

    /// <summary>Share (0–1) of DEBUG/TRACE events, or NaN when the window has no events.</summary>
    public double VerboseShare => Total > 0 ? EventsByLevel.Where(kv => VerboseLevels.Contains(kv.Key)).Sum(kv => kv.Value) / Total : double.NaN;
}

/// <summary>A message pattern (numbers and ids masked, as Logs Insights <c>pattern</c> gives it) with its level and count.</summary>
public sealed record LogPattern(string Pattern, string? Level, double Events);
