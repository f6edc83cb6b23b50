using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Sources.Demo;

namespace OpsReport.Collectors;

/// <summary>Registers the sources and the collection runner, and optionally the background collection loop.</summary>
public static class CollectorsServiceCollectionExtensions
{
    /// <summary>
    /// Sources and the runner. Needs what AddOpsReportCore registers (options, store, environment catalog, zone calendar).
    /// The demo source is always registered and offers no streams when the demo is off, so pages can still ask it for names.
    /// </summary>
    public static IServiceCollection AddOpsReportCollectors(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DemoSource>();
        services.AddSingleton<ISource>(sp => sp.GetRequiredService<DemoSource>());
        services.AddOpsReportAwsSources();
        services.AddOpsReportDatadogSource();
        services.TryAddSingleton<CollectionRunner>();
        return services;
    }

    /// <summary>The background loop that collects at start and then every <c>OpsReport:Collection:Interval</c> while serving.</summary>
    public static IServiceCollection AddOpsReportCollectionService(this IServiceCollection services)
    {
        services.AddHostedService<CollectionBackgroundService>();
        return services;
    }
}
