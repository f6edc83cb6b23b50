using Microsoft.Data.Sqlite;
using OpsReport.Core.Domain;
using SQLitePCL;

namespace OpsReport.Core.Storage;

/// <summary>The SQLite bulk write: one prepared upsert of (series, ts, value), stepped once per point inside the caller's transaction.</summary>
internal static class PointUpsert
{
    private const string Sql = "INSERT INTO points(series_id, ts, value) VALUES (?1, ?2, ?3) ON CONFLICT(series_id, ts) DO UPDATE SET value = excluded.value;";

    /// <summary>Cancellation is checked between series; the caller's transaction makes a cancelled batch leave nothing.</summary>
    public static long Run(SqliteConnection connection, IReadOnlyList<(long Id, SeriesPoints Series)> batch, CancellationToken cancellationToken)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(db, Sql, out var statement), db);
        using (statement)
        {
            long written = 0;
            foreach (var (id, series) in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Check(raw.sqlite3_bind_int64(statement, 1, id), db);
                foreach (var point in series.Points)
                {
                    Check(raw.sqlite3_bind_int64(statement, 2, point.Timestamp.ToUnixTimeSeconds()), db);
                    Check(raw.sqlite3_bind_double(statement, 3, point.Value), db);
                    var rc = raw.sqlite3_step(statement);
                    if (rc != raw.SQLITE_DONE)
                    {
                        raw.sqlite3_reset(statement);
                        Check(rc, db);
                    }
                    Check(raw.sqlite3_reset(statement), db);
                }
                written += series.Points.Count;
            }
            return written;
        }
    }

    internal static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc, db);
    }
}
