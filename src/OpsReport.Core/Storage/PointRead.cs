using Microsoft.Data.Sqlite;
using OpsReport.Core.Domain;
using SQLitePCL;

namespace OpsReport.Core.Storage;

/// <summary>The SQLite bulk read: one prepared range query on (series_id, ts), stepped per series and point.</summary>
internal static class PointRead
{
    private const string Sql = "SELECT ts, value FROM points WHERE series_id = ?1 AND ts >= ?2 AND ts < ?3 ORDER BY ts;";

    private const string SumSql = "SELECT SUM(value) FROM points WHERE series_id = ?1 AND ts >= ?2 AND ts < ?3;";

    /// <summary>Most series hold at most one point per hour; the first list is sized for that, capped so a wide window does not over-allocate.</summary>
    private const int MaxInitialCapacity = 4096;

    public static IReadOnlyList<SeriesPoints> Run(SqliteConnection connection, IReadOnlyList<(long Id, SeriesKey Key)> series, TimeWindow window, CancellationToken cancellationToken)
    {
        var result = new List<SeriesPoints>(series.Count);
        if (series.Count == 0)
            return result;
        var db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open.");
        var start = window.Start.ToUnixTimeSeconds();
        var end = window.End.ToUnixTimeSeconds();
        PointUpsert.Check(raw.sqlite3_prepare_v2(db, Sql, out var statement), db);
        using (statement)
        {
            PointUpsert.Check(raw.sqlite3_bind_int64(statement, 2, start), db);
            PointUpsert.Check(raw.sqlite3_bind_int64(statement, 3, end), db);
            foreach (var (id, key) in series)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var step = Math.Max(1, key.Resolution.Seconds);
                var points = new List<Point>((int)Math.Clamp((end - start) / step + 1, 0, MaxInitialCapacity));
                PointUpsert.Check(raw.sqlite3_bind_int64(statement, 1, id), db);
                int rc;
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                    points.Add(new Point(DateTimeOffset.FromUnixTimeSeconds(raw.sqlite3_column_int64(statement, 0)), raw.sqlite3_column_double(statement, 1)));
                if (rc != raw.SQLITE_DONE)
                {
                    raw.sqlite3_reset(statement);
                    PointUpsert.Check(rc, db);
                }
                PointUpsert.Check(raw.sqlite3_reset(statement), db);
                result.Add(new SeriesPoints(key, points));
            }
        }
        return result;
    }

    /// <summary>Each series' sum over the window, added up inside SQLite; null where the series has no point there.</summary>
    public static IReadOnlyList<(SeriesKey Key, double? Sum)> Sums(SqliteConnection connection, IReadOnlyList<(long Id, SeriesKey Key)> series, TimeWindow window, CancellationToken cancellationToken)
    {
        var result = new List<(SeriesKey, double?)>(series.Count);
        if (series.Count == 0)
            return result;
        var db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open.");
        PointUpsert.Check(raw.sqlite3_prepare_v2(db, SumSql, out var statement), db);
        using (statement)
        {
            PointUpsert.Check(raw.sqlite3_bind_int64(statement, 2, window.Start.ToUnixTimeSeconds()), db);
            PointUpsert.Check(raw.sqlite3_bind_int64(statement, 3, window.End.ToUnixTimeSeconds()), db);
            foreach (var (id, key) in series)
            {
                cancellationToken.ThrowIfCancellationRequested();
                PointUpsert.Check(raw.sqlite3_bind_int64(statement, 1, id), db);
                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_ROW)
                {
                    raw.sqlite3_reset(statement);
                    PointUpsert.Check(rc, db);
                }
                // SUM over no rows is NULL: the series has nothing in the window.
                double? sum = raw.sqlite3_column_type(statement, 0) == raw.SQLITE_NULL ? null : raw.sqlite3_column_double(statement, 0);
                PointUpsert.Check(raw.sqlite3_reset(statement), db);
                result.Add((key, sum));
            }
        }
        return result;
    }
}
