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
            // The handle stays open (and the pointer valid) until the using block ends.
            var stmt = statement.DangerousGetHandle();
            long written = 0;
            foreach (var (id, series) in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Check(SqliteNative.BindInt64(stmt, 1, id), db);
                var points = RelationalMetricStore.PointsOf(series);
                foreach (ref readonly var point in points)
                {
                    Check(SqliteNative.BindInt64(stmt, 2, point.Timestamp.ToUnixTimeSeconds()), db);
                    Check(SqliteNative.BindDouble(stmt, 3, point.Value), db);
                    var rc = SqliteNative.Step(stmt);
                    if (rc != raw.SQLITE_DONE)
                    {
                        SqliteNative.Reset(stmt);
                        Check(rc, db);
                    }
                    Check(SqliteNative.Reset(stmt), db);
                }
                written += points.Length;
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
