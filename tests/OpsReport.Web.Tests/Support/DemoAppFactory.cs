using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsReport.Collectors.Runner;
using OpsReport.Core.Time;

namespace OpsReport.Web.Tests.Support;

/// <summary>
/// The real web host on the embedded default: demo source, SQLite in a temp folder, the repository's dashboards,
/// a clock fixed at <see cref="Now"/>. Collected once before the tests; background collection is off.
/// </summary>
public class DemoAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 30, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new();

    public string DataDir => _data.Path;

    public async Task InitializeAsync()
    {
        var runner = Services.GetRequiredService<CollectionRunner>();
        var summary = await runner.RunOnceAsync(new CollectionRequest(), null, CancellationToken.None);
        if (summary.Failures.Count > 0)
            throw new InvalidOperationException("Demo collection failed: " + string.Join("; ", summary.Failures));
        await AfterCollectionAsync();
        // Findings as the background analysis would store them, so pages that list or open findings have them.
        await Services.GetRequiredService<OpsReport.Core.Analysis.AnalysisRunner>().RunAsync();
    }

    /// <summary>Changes the collected store before it is analysed (a variant with a feed removed, say).</summary>
    protected virtual Task AfterCollectionAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpsReport:DataDir", _data.Path);
        builder.UseSetting("OpsReport:DashboardsDir", RepositoryPaths.Dashboards);
        builder.UseSetting("OpsReport:Collection:Enabled", "false");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now));
        });
    }
}
