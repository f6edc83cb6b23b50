using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OpsReport.Core.Analysis;

/// <summary>Registers the analysis runner, and optionally the background step that runs it after each collection.</summary>
public static class AnalysisServiceCollectionExtensions
{
    /// <summary>The runner; sources that can query log levels on demand register <see cref="ILogLevelMixProvider"/>s of their own.</summary>
    public static IServiceCollection AddOpsReportAnalysis(this IServiceCollection services)
    {
        services.TryAddSingleton<AnalysisRunner>();
        return services;
    }

    public static IServiceCollection AddOpsReportAnalysisService(this IServiceCollection services)
    {
        services.AddHostedService<AnalysisBackgroundService>();
        return services;
    }
}
