using Microsoft.Data.Sqlite;

namespace OpsReport.Reports.Tests.Support;

/// <summary>A temporary folder deleted at the end of a test (for tests that reopen a data folder, like a restart).</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = ReportTestHost.NewDataDir();

    public TempFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
