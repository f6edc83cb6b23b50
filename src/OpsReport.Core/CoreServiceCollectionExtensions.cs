using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Core;

/// <summary>Registers options (validated at start), the store, the zone calendar and the panel queries.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddOpsReportCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpsReportOptions>()
            .Bind(configuration.GetSection(OpsReportOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OpsReportOptions>>(new OpsReportOptionsValidator(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EnvironmentCatalog>();
        services.AddSingleton(sp => new ZoneCalendar(sp.GetRequiredService<IOptions<OpsReportOptions>>().Value.TimeZone));
        services.AddSingleton<IMetricStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OpsReportOptions>>().Value;
            var store = new SqliteMetricStore(Path.Combine(options.DataDir, "opsreport.db"));
            store.InitializeAsync().GetAwaiter().GetResult();
            return store;
        });
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<PanelQueries>();
        services.AddSingleton<DashboardComposer>();
        services.AddSingleton<DashboardCatalog>();
        return services;
    }
}
