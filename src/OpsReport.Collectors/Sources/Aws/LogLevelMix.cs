using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// What a log group's lines were in a window: events per level, the share of DEBUG/TRACE lines, and the most frequent
/// message patterns. Used to explain a log-volume spike ("92 % DEBUG since Tuesday, mostly 'cache miss for key &lt;*&gt;'").
/// </summary>
public sealed record LogLevelMix(
    string Environment,
    string LogGroup,
    TimeWindow Window,
    IReadOnlyDictionary<string, long> EventsByLevel,
    IReadOnlyList<LogPattern> TopPatterns,
    ApiUsage Usage,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Level given to lines with neither a level field nor a level word.</summary>
    public const string UnknownLevel = "UNKNOWN";

    public long TotalEvents => EventsByLevel.Values.Sum();

    /// <summary>DEBUG and TRACE lines as a share of all lines (0–1), or null when there were none.</summary>
    public double? DebugShare => TotalEvents == 0 ? null : (EventsByLevel.GetValueOrDefault("DEBUG") + EventsByLevel.GetValueOrDefault("TRACE")) / (double)TotalEvents;
}

/// <summary>One cluster of similar lines as Logs Insights' <c>pattern</c> finds it, with its line count and share.</summary>
public sealed record LogPattern(string Pattern, long Count, double? Ratio);
