using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpsReport.Core.Analysis;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>Registers the Datadog source, its typed HTTP client, the on-demand level mix and the Datadog part of <c>check</c>.</summary>
public static class DatadogServiceCollectionExtensions
{
    /// <summary>Environments without a <c>Datadog</c> section get no Datadog streams, so registering costs nothing when Datadog is not used.</summary>
    public static IServiceCollection AddOpsReportDatadogSource(this IServiceCollection services)
    {
        services.TryAddSingleton(DatadogClientSettings.Default);
        services.TryAddSingleton<DatadogConnectionFactory>();
        // One long-lived HttpClient (no IHttpClientFactory here): pooled connections re-resolved now and then.
        services.TryAddSingleton(sp => new DatadogApiClient(
            new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
            })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<DatadogClientSettings>(),
            sp.GetService<ILogger<DatadogApiClient>>()));
        services.TryAddSingleton<DatadogSource>();
        services.AddSingleton<ISource>(sp => sp.GetRequiredService<DatadogSource>());
        services.TryAddSingleton<DatadogLogLevelMixProvider>();
        services.AddSingleton<ILogLevelMixProvider>(sp => sp.GetRequiredService<DatadogLogLevelMixProvider>());
        services.AddSingleton<ISourceCheck, DatadogSourceCheck>();
        return services;
    }
}
