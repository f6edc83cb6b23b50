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

    /// <summary>A fresh store of the demo in <paramref name="demoEnvironments"/>, backfilled over <paramref name="backfillDays"/>.</summary>
    public static BenchStore CreateFresh(CliSettings settings, IReadOnlyList<string> demoEnvironments, int backfillDays)
    {
        var folder = Path.Combine(Path.GetTempPath(), "opsreport-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        // The bench's own settings file takes the place of --config: the demo, whatever sources the user configured.
        var config = Path.Combine(folder, "bench.json");
        var extra = new Dictionary<string, object>
        {
            ["OpsReport"] = new Dictionary<string, object>
            {
                ["Demo"] = new Dictionary<string, object> { ["Environments"] = demoEnvironments },
                ["Collection"] = new Dictionary<string, object> { ["BackfillDays"] = backfillDays },
            },
        };
        File.WriteAllText(config, JsonSerializer.Serialize(extra));
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
