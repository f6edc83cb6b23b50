using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// The findings' on-demand level mix for CloudWatch Logs: one Logs Insights level count and one <c>pattern</c> query for
/// the log group of a volume anomaly, so "DEBUG left on" comes with its share and the lines that fill the bill.
/// </summary>
public sealed class CloudWatchLogLevelMixProvider(CloudWatchLogsSource logs, AwsClientPool clients) : ILogLevelMixProvider
{
    /// <summary>Answers for log groups of environments with an <c>Aws</c> section; null for everything else (e.g. Datadog services).</summary>
    public async Task<Core.Analysis.LogLevelMix?> GetLevelMixAsync(LogLevelMixRequest request, CancellationToken cancellationToken)
    {
        if (clients.Connections.OptionsFor(request.Environment) is null)
            return null;
        if (request.Dimensions.TryGetValue(Dims.Source, out var source) && source is not (CloudWatchLogsSource.SourceName or CloudWatchMetricsSource.SourceName))
            return null;
        if (request.Dimensions.GetValueOrDefault(Dims.LogGroup) is not { Length: > 0 } logGroup)
            return null;
        var mix = await logs.GetLevelMixAsync(request.Environment, logGroup, request.Window, cancellationToken);
        if (mix.TotalEvents == 0)
            return null;
        var total = (double)mix.TotalEvents;
        return new Core.Analysis.LogLevelMix(
            mix.EventsByLevel.ToDictionary(kv => kv.Key, kv => (double)kv.Value),
            mix.TopPatterns.Take(request.TopPatterns)
                .Select(p => new Core.Analysis.LogPattern(p.Pattern, LevelOf(p.Pattern), p.Count))
                .ToList());
    }

    // Insights' pattern text keeps the level word of the lines it clusters ("DEBUG cache miss for key <*>").
    private static string? LevelOf(string pattern)
    {
        foreach (var level in new[] { "TRACE", "DEBUG", "INFO", "WARN", "ERROR" })
        {
            if (pattern.Contains(level, StringComparison.OrdinalIgnoreCase))
                return level;
        }
        return null;
    }
}
