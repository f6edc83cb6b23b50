using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Panels;
using OpsReport.Core.Slos;
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
            .Configure(options => BindTyped(options, section))
            .PostConfigure(options => ReplaceDefaultLists(options, section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OpsReportOptions>>(new OpsReportOptionsValidator(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EnvironmentCatalog>();
        services.AddSingleton(sp => new ZoneCalendar(sp.GetRequiredService<IOptions<OpsReportOptions>>().Value.TimeZone));
        services.AddSingleton<IMetricStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OpsReportOptions>>().Value;
            IMetricStore store = options.Store.Provider == "Postgres"
                ? new PostgresMetricStore(options.Store.ConnectionString!, options.Store.InstanceName)
                : new SqliteMetricStore(Path.Combine(options.DataDir, "opsreport.db"), options.Store.InstanceName);
            store.InitializeAsync().GetAwaiter().GetResult();
            return store;
        });
        services.AddSingleton<IDeployStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OpsReportOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            IDeployStore store = options.Store.Provider == "Postgres"
                ? new PostgresDeployStore(options.Store.ConnectionString!, clock)
                : new SqliteDeployStore(Path.Combine(options.DataDir, "opsreport.db"), clock);
            store.InitializeAsync().GetAwaiter().GetResult();
            return store;
        });
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<PanelQueries>();
        services.AddSingleton<DashboardComposer>();
        services.AddSingleton<DashboardCatalog>();
        services.AddSingleton<SloReader>();
        services.AddSingleton<ISloReader>(sp => sp.GetRequiredService<SloReader>());
        services.AddOpsReportAnalysis();
        return services;
    }

    /// <summary>Binds only a section whose every value has the right type; the binder would drop a list item with one bad value.</summary>
    private static void BindTyped(OpsReportOptions options, IConfigurationSection section)
    {
        var errors = ConfigurationChecker.FindTypeErrors(section, typeof(OpsReportOptions));
        if (errors.Count > 0)
            throw new OptionsValidationException(Options.DefaultName, typeof(OpsReportOptions), errors);
        section.Bind(options);
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
