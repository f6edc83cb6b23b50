namespace OpsReport.Web.Hosting;

/// <summary>Registers what the dashboard does in the background: collection followed by analysis, with its progress, then the default views' warm-up.</summary>
internal static class BackgroundWorkExtensions
{
    public static IServiceCollection AddOpsReportBackgroundWork(this IServiceCollection services)
    {
        services.AddSingleton<StartupProgress>();
        services.AddSingleton<ViewWarmer>();
        services.AddHostedService(sp => sp.GetRequiredService<ViewWarmer>());
        services.AddHostedService<CollectThenAnalyzeService>();
        return services;
    }
}
