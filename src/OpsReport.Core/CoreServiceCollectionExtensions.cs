using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsReport.Core.Analysis;
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
        var section = configuration.GetSection(OpsReportOptions.SectionName);
        services.AddOptions<OpsReportOptions>()
            .Bind(section)
            .PostConfigure(options => ReplaceDefaultLists(options, section))
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
        services.AddSingleton<IDeployStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OpsReportOptions>>().Value;
            var store = new SqliteDeployStore(Path.Combine(options.DataDir, "opsreport.db"), sp.GetRequiredService<TimeProvider>());
            store.InitializeAsync().GetAwaiter().GetResult();
            return store;
        });
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<PanelQueries>();
        services.AddSingleton<DashboardComposer>();
        services.AddSingleton<DashboardCatalog>();
        services.AddOpsReportAnalysis();
        return services;
    }

    /// <summary>
    /// The binder appends configured list items to a list property's default items; a configured list must replace
    /// the default instead (configured recipients must not also mail the placeholder address).
    /// </summary>
    private static void ReplaceDefaultLists(OpsReportOptions options, IConfigurationSection section)
    {
        if (section.GetSection("Email:To").GetChildren().Any())
            options.Email.To = section.GetSection("Email:To").Get<List<string>>() ?? [];
        if (section.GetSection("Demo:Environments").GetChildren().Any())
            options.Demo.Environments = section.GetSection("Demo:Environments").Get<List<string>>() ?? [];
    }
}
