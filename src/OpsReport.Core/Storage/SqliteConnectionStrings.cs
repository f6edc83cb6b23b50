using Microsoft.Data.Sqlite;

namespace OpsReport.Core.Storage;

/// <summary>How every class that keeps data in the embedded SQLite file opens it.</summary>
internal static class SqliteConnectionStrings
{
    /// <summary>
    /// Run before a file's first table, so a new file gets 64 KiB pages; a file that already has tables keeps its page
    /// size (SQLite changes it only by rewriting the file), so existing stores open and work as they are.
    /// </summary>
    /// <remarks>
    /// A backfill adds a week of points at the end of every series' key range: with 64 KiB pages that touches and writes
    /// 16 times fewer pages (and log frames, and system calls) than with 4 KiB ones. Measured with <c>bench collect</c>
    /// (docs/BENCHMARKS.md): about 10 % less CPU for the commit.
    /// </remarks>
    public const string NewFilePragmas = "PRAGMA page_size=65536; ";

    /// <summary>
    /// SQLite's own busy handler, which retries a locked file within milliseconds, for as long as <c>DefaultTimeout</c>.
    /// Without it Microsoft.Data.Sqlite retries a busy statement itself after a much longer pause: a collection's commit
    /// and the demo's deploy write meeting on the write lock cost the backfill about half a second in `bench collect`.
    /// </summary>
    public const string BusyTimeoutPragma = "PRAGMA busy_timeout=60000;";

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
