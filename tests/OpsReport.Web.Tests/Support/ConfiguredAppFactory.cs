using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsReport.Core.Time;

namespace OpsReport.Web.Tests.Support;

/// <summary>
/// The real web host with extra settings (a sign-in mode, a data folder) on an empty or given store; background work off,
/// clock fixed at <see cref="DemoAppFactory.Now"/> unless <paramref name="realClock"/> (cookies a browser keeps must expire
/// after the real now).
/// </summary>
public sealed class ConfiguredAppFactory(IReadOnlyDictionary<string, string> settings, string? dataDir = null, bool realClock = false) : WebApplicationFactory<Program>
{
    private readonly TempDirectory _data = new();

    public string DataDir => dataDir ?? _data.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpsReport:DataDir", DataDir);
        builder.UseSetting("OpsReport:DashboardsDir", RepositoryPaths.Dashboards);
        builder.UseSetting("OpsReport:Collection:Enabled", "false");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        if (realClock)
            return;
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new FixedTimeProvider(DemoAppFactory.Now));
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _data.Dispose();
    }
}
