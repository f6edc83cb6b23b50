using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpsReport.Core.Domain;
using SQLitePCL;

namespace OpsReport.Core.Storage;

/// <summary>The SQLite insert of new series: one prepared statement stepped through SQLite's own API inside the caller's transaction.</summary>
/// <remarks>
/// A fresh backfill inserts thousands of series in its first commits; through a command object and a data reader per
/// series, with the dimensions serialized by reflection, that was about a tenth of the backfill's commit CPU
/// (<c>dotnet-trace</c> of <c>bench collect</c>).
/// </remarks>
internal static class SeriesInsert
{
    private const string Sql = "INSERT INTO series(key, metric, resolution, dims) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(key) DO UPDATE SET key = excluded.key RETURNING id;";

    /// <summary>Inserts the keys (a key already there keeps its id) and returns each with its id.</summary>
    public static List<(long Id, SeriesKey Key)> Run(SqliteConnection connection, IEnumerable<SeriesKey> keys, CancellationToken cancellationToken)
    {
        var added = new List<(long, SeriesKey)>();
        var db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open.");
        PointUpsert.Check(raw.sqlite3_prepare_v2(db, Sql, out var statement), db);
        using (statement)
        {
            var json = new ArrayBufferWriter<byte>(256);
            foreach (var key in keys)
            {
                cancellationToken.ThrowIfCancellationRequested();
                PointUpsert.Check(raw.sqlite3_bind_text(statement, 1, key.ToString()), db);
                PointUpsert.Check(raw.sqlite3_bind_text(statement, 2, key.Metric), db);
                PointUpsert.Check(raw.sqlite3_bind_int64(statement, 3, key.Resolution.Seconds), db);
                json.ResetWrittenCount();
                WriteDimensions(json, key);
                PointUpsert.Check(raw.sqlite3_bind_text(statement, 4, json.WrittenSpan), db);
                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_ROW)
                {
                    raw.sqlite3_reset(statement);
                    PointUpsert.Check(rc, db);
                    throw new InvalidOperationException($"inserting series {key} returned no id.");
                }
                var id = raw.sqlite3_column_int64(statement, 0);
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                }
                if (rc != raw.SQLITE_DONE)
                {
                    raw.sqlite3_reset(statement);
                    PointUpsert.Check(rc, db);
                }
                PointUpsert.Check(raw.sqlite3_reset(statement), db);
                added.Add((id, key));
            }
        }
        return added;
    }

    /// <summary>
    /// The <c>dims</c> column: the dimensions as a JSON object in name order, written exactly as
    /// <c>JsonSerializer.Serialize(key.Dimensions)</c> writes them (same default encoder), without its reflection.
    /// </summary>
    internal static string DimensionsJson(SeriesKey key)
    {
        var json = new ArrayBufferWriter<byte>(256);
        WriteDimensions(json, key);
        return Encoding.UTF8.GetString(json.WrittenSpan);
    }

    private static void WriteDimensions(IBufferWriter<byte> output, SeriesKey key)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        foreach (var (name, value) in key.Dimensions)
            writer.WriteString(name, value);
        writer.WriteEndObject();
    }
}
