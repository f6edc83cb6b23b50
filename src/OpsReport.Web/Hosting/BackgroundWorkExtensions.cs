namespace OpsReport.Web.Hosting;

/// <summary>Registers what the dashboard does in the background: collection followed by analysis, with its progress.</summary>
internal static class BackgroundWorkExtensions
{
    public static IServiceCollection AddOpsReportBackgroundWork(this IServiceCollection services)
    {
        services.AddSingleton<StartupProgress>();
        services.AddHostedService<CollectThenAnalyzeService>();
        return services;
    }
}
