using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpsReport.Core.Analysis;
using OpsReport.Core.Email;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>Registers the AWS sources (cloudwatch, logs, cost, ecs deploys), their shared clients and the AWS part of <c>check</c>.</summary>
public static class AwsSourcesServiceCollectionExtensions
{
    /// <summary>Environments without an <c>Aws</c> section get no AWS streams, so registering costs nothing when AWS is not used.</summary>
    public static IServiceCollection AddOpsReportAwsSources(this IServiceCollection services)
    {
        services.TryAddSingleton<AwsConnectionFactory>();
        services.TryAddSingleton(AwsClientSettings.Default);
        services.TryAddSingleton(InsightsPolling.Default);
        services.TryAddSingleton(sp => new AwsClientPool(
            sp.GetRequiredService<AwsConnectionFactory>(),
            sp.GetRequiredService<AwsClientSettings>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSloLatencyThresholds();
        services.TryAddSingleton<CloudWatchMetricsSource>();
        services.TryAddSingleton<CloudWatchLogsSource>();
        services.TryAddSingleton<CostExplorerSource>();
        services.TryAddSingleton<EcsDeploySource>();
        services.AddSingleton<ISource>(sp => sp.GetRequiredService<CloudWatchMetricsSource>());
        services.AddSingleton<ISource>(sp => sp.GetRequiredService<CloudWatchLogsSource>());
        services.AddSingleton<ISource>(sp => sp.GetRequiredService<CostExplorerSource>());
        services.AddSingleton<ISource>(sp => sp.GetRequiredService<EcsDeploySource>());
        services.AddSingleton<ISourceCheck, AwsSourceCheck>();
        services.AddSingleton<ILogLevelMixProvider, CloudWatchLogLevelMixProvider>();
        // Report delivery (Email:Delivery = Ses) uses this through Core's IRawEmailSender, without knowing AWS.
        services.TryAddSingleton<IRawEmailSender, SesRawEmailSender>();
        return services;
    }
}
