using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsReport.Core.Slos;

namespace OpsReport.Collectors.Sources;

internal static class SloLatencyThresholdsRegistration
{
    /// <summary>
    /// The thresholds come from <see cref="ISloReader.Definitions"/> when an SLO reader is registered, asked at collection
    /// time (not at construction, so sources and reader do not depend on each other's construction order); without one,
    /// no thresholds and the queries stay as they were.
    /// </summary>
    public static IServiceCollection TryAddSloLatencyThresholds(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new SloLatencyThresholds(() => sp.GetService<ISloReader>()?.Definitions ?? []));
        return services;
    }
}
