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

            // One statement per series: its points travel as one JSON array of [ts, value] pairs that SQLite unpacks itself,
            // instead of one statement (and its parameter binding) per point.
            using var upsert = connection.CreateCommand();
            upsert.Transaction = tx;
            upsert.CommandText = """
                INSERT INTO points(series_id, ts, value)
                SELECT @s, value ->> 0, value ->> 1 FROM json_each(@points) WHERE true
                ON CONFLICT(series_id, ts) DO UPDATE SET value = excluded.value;
                """;
            var pSeries = upsert.Parameters.Add("@s", SqliteType.Integer);
            var pPoints = upsert.Parameters.Add("@points", SqliteType.Text);
            upsert.Prepare();
            long written = 0;
            var json = new StringBuilder();
            foreach (var series in batch)
            {
                if (series.Points.Count == 0)
                    continue;
                pSeries.Value = ids.TryGetValue(series.Key, out var fresh) ? fresh : Catalog.TryGetId(series.Key, out var known) ? known : throw new InvalidOperationException($"Series {series.Key} has no id.");
                json.Clear().Append('[');
                foreach (var point in series.Points)
                {
                    // "R" round-trips every double exactly; json_each keeps the order, so a repeated timestamp ends with its last value.
                    json.Append(json.Length == 1 ? "[" : ",[").Append(point.Timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
                        .Append(',').Append(point.Value.ToString("R", CultureInfo.InvariantCulture)).Append(']');
                }
                pPoints.Value = json.Append(']').ToString();
                upsert.ExecuteNonQuery();
                written += series.Points.Count;
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
}
