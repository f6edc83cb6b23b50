using Microsoft.Data.Sqlite;

namespace OpsReport.Core.Storage;

/// <summary>How every class that keeps data in the embedded SQLite file opens it.</summary>
internal static class SqliteConnectionStrings
{
    public static string For(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        // SQLITE_BUSY is retried by Microsoft.Data.Sqlite until this timeout (seconds): a CLI `collect`
        // and the running dashboard may write at the same time.
        DefaultTimeout = 60,
    }.ToString();
}
