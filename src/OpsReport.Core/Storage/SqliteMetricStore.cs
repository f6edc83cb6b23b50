using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>The embedded store: one SQLite file in WAL mode, so the dashboard reads while a collection writes.</summary>
public sealed class SqliteMetricStore : RelationalMetricStore
{
    /// <summary>Rows per INSERT statement: 3 parameters each stays far below SQLite's 32,766-variable limit.</summary>
    private const int RowsPerStatement = 500;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public SqliteMetricStore(string databasePath, string? instanceName = null)
        : base(instanceName)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = SqliteConnectionStrings.For(DatabasePath);
    }

    public string DatabasePath { get; }

    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
        await MigrateAsync(connection, SqliteSchema.Migrations.Count, cancellationToken);
    }

    /// <summary>Applies the migrations up to <paramref name="version"/>; each in its own write transaction, so two processes starting together apply each once.</summary>
    internal async Task MigrateAsync(SqliteConnection connection, int version, CancellationToken cancellationToken)
    {
        while (true)
        {
            // BEGIN IMMEDIATE (what Serializable means here) takes the write lock before the version is read.
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
            var current = await ScalarIntAsync(connection, CurrentVersionQuery, cancellationToken, tx);
            if (current >= version)
                return;
            await ExecuteAsync(connection, SqliteSchema.Migrations[current], cancellationToken, tx);
            await ExecuteAsync(connection, $"INSERT INTO schema_version(version) VALUES ({(current + 1).ToString(CultureInfo.InvariantCulture)});", cancellationToken, tx);
            await tx.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Creates the file at an older schema version, for migration tests.</summary>
    internal async Task InitializeAtVersionAsync(int version, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
        await MigrateAsync(connection, version, cancellationToken);
    }

    protected override string ProviderName => "SQLite";

    protected override string Where => DatabasePath;

    protected override int LatestSchemaVersion => SqliteSchema.Migrations.Count;

    public override async Task<long> CommitAsync(IReadOnlyCollection<SeriesPoints> batch, WatermarkUpdate? watermark = null, CancellationToken cancellationToken = default)
    {
        EnsureFinite(batch);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
            // Inside the write transaction no other process can add series, so every id below ours is in the catalog.
            await RefreshCatalogAsync(connection, tx, cancellationToken);
            var added = await InsertNewSeriesAsync(connection, tx, batch.Select(s => s.Key).Where(k => !Catalog.TryGetId(k, out _)).Distinct(), cancellationToken);
            var ids = added.ToDictionary(a => a.Key, a => a.Id);

            // Multi-row upserts through one prepared statement: one round trip into SQLite per 500 points instead of per point.
            using var full = PointsUpsert(connection, tx, RowsPerStatement);
            var rows = 0;
            long written = 0;
            foreach (var series in batch)
            {
                var id = ids.TryGetValue(series.Key, out var fresh) ? fresh : Catalog.TryGetId(series.Key, out var known) ? known : throw new InvalidOperationException($"Series {series.Key} has no id.");
                foreach (var point in series.Points)
                {
                    var p = full.Parameters;
                    p[rows * 3].Value = id;
                    p[(rows * 3) + 1].Value = point.Timestamp.ToUnixTimeSeconds();
                    p[(rows * 3) + 2].Value = point.Value;
                    written++;
                    if (++rows == RowsPerStatement)
                    {
                        await full.ExecuteNonQueryAsync(cancellationToken);
                        rows = 0;
                    }
                }
            }
            if (rows > 0)
            {
                using var rest = PointsUpsert(connection, tx, rows);
                for (var i = 0; i < rows * 3; i++)
                    rest.Parameters[i].Value = full.Parameters[i].Value;
                await rest.ExecuteNonQueryAsync(cancellationToken);
            }

            if (watermark is not null)
                await UpsertWatermarkAsync(connection, tx, watermark, cancellationToken);

            await tx.CommitAsync(cancellationToken);
            foreach (var (id, key) in added)
                Catalog.Add(id, key);
            return written;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override async Task<bool> TryClaimDeliveryAsync(DeliveryRecord claim, IReadOnlyCollection<DeliveryStatus> replaceable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(replaceable);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, "");
        var statuses = replaceable.Select((_, i) => "@s" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        // One statement: SQLite's upsert is atomic and the file has one writer at a time, so of two senders racing for the
        // same key only one changes a row.
        cmd.CommandText = DeliveryUpsert.Replace("attempts = excluded.attempts", "attempts = deliveries.attempts + 1", StringComparison.Ordinal)
            + (statuses.Count == 0 ? " WHERE 0" : $" WHERE deliveries.status IN ({string.Join(", ", statuses)})") + ";";
        AddDeliveryParameters(cmd, claim);
        var i = 0;
        foreach (var status in replaceable)
            Add(cmd, "@s" + (i++).ToString(CultureInfo.InvariantCulture), status.ToString());
        return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    protected override string SeriesIdsCondition => "series_id IN (SELECT value FROM json_each(@ids))";

    protected override void AddSeriesIds(DbCommand command, IEnumerable<long> ids) => Add(command, "@ids", JsonSerializer.Serialize(ids));

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", cancellationToken);
        return connection;
    }

    private static SqliteCommand PointsUpsert(SqliteConnection connection, SqliteTransaction tx, int rows)
    {
        var sql = new StringBuilder("INSERT INTO points(series_id, ts, value) VALUES ");
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        for (var i = 0; i < rows; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "" : ",").Append("(@s").Append(n).Append(",@t").Append(n).Append(",@v").Append(n).Append(')');
            cmd.Parameters.Add("@s" + n, SqliteType.Integer);
            cmd.Parameters.Add("@t" + n, SqliteType.Integer);
            cmd.Parameters.Add("@v" + n, SqliteType.Real);
        }
        // A point given twice in one statement: the last value wins, as with one statement per point.
        cmd.CommandText = sql.Append(" ON CONFLICT(series_id, ts) DO UPDATE SET value = excluded.value;").ToString();
        cmd.Prepare();
        return cmd;
    }
}
