using Microsoft.Data.Sqlite;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Tests.Support;

/// <summary>A real SQLite store in a fresh temporary folder, deleted with the folder when the test ends.</summary>
public sealed class TempStore : IAsyncLifetime
{
    public TempStore()
    {
        Directory = Path.Combine(Path.GetTempPath(), "opsreport-core-tests-" + Guid.NewGuid().ToString("N"));
        DatabasePath = Path.Combine(Directory, "opsreport.db");
        Store = new SqliteMetricStore(DatabasePath);
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    public SqliteMetricStore Store { get; }

    /// <summary>A second store over the same file, as a CLI process beside the dashboard would open it.</summary>
    public SqliteMetricStore OpenSecondStore() => new(DatabasePath);

    /// <summary>A plain connection for looking at the file the way an operator with sqlite3 would.</summary>
    public SqliteConnection OpenRawConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public Task InitializeAsync() => Store.InitializeAsync();

    public Task DisposeAsync()
    {
        // Pooled connections keep the file (and its -wal/-shm) open.
        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
