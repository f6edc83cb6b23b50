using System.Text.Json;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli.Bench;

/// <summary>A throwaway data folder for one bench phase, with a CLI host over it; the folder is deleted on dispose.</summary>
internal sealed class BenchStore : IDisposable
{
    private BenchStore(string folder, IHost host)
    {
        Folder = folder;
        Host = host;
    }

    public string Folder { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>A fresh store; <paramref name="demoEnvironments"/> replaces the demo's environments when given.</summary>
    public static BenchStore CreateFresh(CliSettings settings, IReadOnlyList<string>? demoEnvironments = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "opsreport-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var config = settings.ConfigFile;
        if (demoEnvironments is not null)
        {
            // Layered over the user's --config (if any) by being the one passed: the bench's own file names it first.
            config = Path.Combine(folder, "bench.json");
            var extra = new Dictionary<string, object> { ["OpsReport"] = new Dictionary<string, object> { ["Demo"] = new Dictionary<string, object> { ["Environments"] = demoEnvironments } } };
            File.WriteAllText(config, JsonSerializer.Serialize(extra));
        }
        var host = OpsReportHost.BuildCli(settings with { DataDir = Path.Combine(folder, "data"), ConfigFile = config, Verbose = false });
        return new BenchStore(folder, host);
    }

    public void Dispose()
    {
        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
