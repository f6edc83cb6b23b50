using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>The embedded store: one SQLite file in WAL mode, so the dashboard reads while a collection writes.</summary>
public sealed class SqliteMetricStore : RelationalMetricStore
{
    private readonly string _connectionString;

    public SqliteMetricStore(string databasePath, string? instanceName = null)
        : base(instanceName)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = SqliteConnectionStrings.For(DatabasePath);
        WriteGate = SqliteWriteGate.For(DatabasePath);
    }

    private protected override SemaphoreSlim WriteGate { get; }

    public string DatabasePath { get; }

    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, SqliteConnectionStrings.NewFilePragmas, cancellationToken);
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

    /// <summary>Creates the file at an older schema version, with SQLite's default 4 KiB pages as files had before, for migration tests.</summary>
    internal async Task InitializeAtVersionAsync(int version, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
        await MigrateAsync(connection, version, cancellationToken);
    }

    /// <summary>Page cache of the writing connection (KiB, as a negative cache_size), auto-checkpoint (pages) and WAL size kept after a checkpoint (bytes).</summary>
    private const string WritePragmas = "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=8192; PRAGMA journal_size_limit=67108864;";

    protected override string ProviderName => "SQLite";

    protected override string Where => DatabasePath;

    protected override int LatestSchemaVersion => SqliteSchema.Migrations.Count;

    public override async Task<long> CommitAsync(IReadOnlyCollection<SeriesPoints> batch, WatermarkUpdate? watermark = null, CancellationToken cancellationToken = default)
    {
        EnsureFinite(batch);
        await WriteGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
            // The foreign key from points to series would look every point's series up in the series table (measured
            // with `bench collect`: about 5 % of the commit's CPU). Every id bound below comes from the catalog, read
            // inside this write transaction, or from series inserted in it, and series are never deleted, so the check
            // cannot fail. The pragma is a no-op inside a transaction, hence before BEGIN; OpenAsync turns it back on for
            // the next user of this pooled connection.
            await ExecuteAsync(connection, "PRAGMA foreign_keys=OFF;", cancellationToken);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
            // Inside the write transaction no other process can add series, so every id below ours is in the catalog.
            await RefreshCatalogAsync(connection, tx, cancellationToken);
            var added = SeriesInsert.Run(connection, batch.Select(s => s.Key).Where(k => !Catalog.TryGetId(k, out _)).Distinct(), cancellationToken);
            var ids = added.ToDictionary(a => a.Key, a => a.Id);

            // A backfill chunk touches a page or two at the end of every series' key range. A large page cache keeps them
            // in memory until the commit, and a larger auto-checkpoint lets several commits' pages reach the database file
            // (and its fsync) once instead of after every commit; the log is cut back to the limit after each checkpoint.
            await ExecuteAsync(connection, WritePragmas, cancellationToken, tx);

            // One prepared single-row upsert driven through SQLite's own API: three binds and a step per point, with no
            // per-point command objects, boxing or text to parse (measured with `bench collect`: about a third less CPU
            // than one JSON array per series unpacked by json_each). Series go in id order and each series' points in
            // the order given, so the B-tree is walked forward and a repeated timestamp ends with its last value.
            var ordered = new List<(long Id, SeriesPoints Series)>(batch.Count);
            foreach (var series in batch)
            {
                if (series.Points.Count == 0)
                    continue;
                var id = ids.TryGetValue(series.Key, out var fresh) ? fresh : Catalog.TryGetId(series.Key, out var known) ? known : throw new InvalidOperationException($"Series {series.Key} has no id.");
                ordered.Add((id, series));
            }
            ordered.Sort((a, b) => a.Id.CompareTo(b.Id));
            var written = PointUpsert.Run(connection, ordered, cancellationToken);

            if (watermark is not null)
                await UpsertWatermarkAsync(connection, tx, watermark, cancellationToken);

            await tx.CommitAsync(cancellationToken);
            foreach (var (id, key) in added)
                Catalog.Add(id, key);
            return written;
        }
        finally
        {
            WriteGate.Release();
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

    /// <summary>
    /// Pages read tens of thousands of points per view: one prepared statement stepped through SQLite's own API per series
    /// (an index range on the primary key), without the data reader's per-value checks and without a JSON id list.
    /// </summary>
    protected override Task<IReadOnlyList<SeriesPoints>> ReadPointsAsync(DbConnection connection, IReadOnlyList<(long Id, SeriesKey Key)> series, TimeWindow window, CancellationToken cancellationToken) =>
        Task.FromResult(PointRead.Run((SqliteConnection)connection, series, window, cancellationToken));

    protected override Task<IReadOnlyList<(SeriesKey Key, double? Sum)>> SumPointsAsync(DbConnection connection, IReadOnlyList<(long Id, SeriesKey Key)> series, TimeWindow window, CancellationToken cancellationToken) =>
        Task.FromResult(PointRead.Sums((SqliteConnection)connection, series, window, cancellationToken));

    protected override string SeriesIdsCondition => "series_id IN (SELECT value FROM json_each(@ids))";

    protected override void AddSeriesIds(DbCommand command, IEnumerable<long> ids) => Add(command, "@ids", JsonSerializer.Serialize(ids as long[] ?? [.. ids], StoreJson.Default.Int64Array));

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; " + SqliteConnectionStrings.BusyTimeoutPragma, cancellationToken);
        return connection;
    }
}
