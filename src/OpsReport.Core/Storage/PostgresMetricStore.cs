using System.Data;
using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>
/// The shared store: one PostgreSQL database for several OpsReport instances. Migrations run under an advisory lock, points
/// arrive by binary COPY into a temporary table and are upserted from there, and the outbox is claimed row by row with
/// <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class PostgresMetricStore : RelationalMetricStore, IAsyncDisposable
{
    // An arbitrary constant naming this application's series lock (pg_advisory_xact_lock takes one bigint; the migration
    // lock is PostgresMigrator's).
    private const long SeriesLock = 0x4F70735265706F02;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresMetricStore(string connectionString, string? instanceName = null)
        : base(instanceName)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Location = $"{builder.Host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}/{builder.Database}" + (builder.Username is { } user ? $" as {user}" : "");
        _dataSource = NpgsqlDataSource.Create(builder);
        ConnectionString = builder.ConnectionString;
    }

    /// <summary>The full connection string (with its password), for the other stores on this database; never shown.</summary>
    internal string ConnectionString { get; }

    /// <summary>Host, port, database and user: the connection string without its password.</summary>
    public string Location { get; }

    public override Task InitializeAsync(CancellationToken cancellationToken = default) => MigrateAsync(PostgresSchema.Migrations.Count, cancellationToken);

    /// <summary>Applies the migrations up to <paramref name="version"/> (see <see cref="PostgresMigrator"/>).</summary>
    internal Task MigrateAsync(int version, CancellationToken cancellationToken = default) => PostgresMigrator.MigrateAsync(_dataSource, version, cancellationToken);

    protected override string ProviderName => "PostgreSQL";

    protected override string Where => Location;

    protected override int LatestSchemaVersion => PostgresSchema.Migrations.Count;

    public override async Task<long> CommitAsync(IReadOnlyCollection<SeriesPoints> batch, WatermarkUpdate? watermark = null, CancellationToken cancellationToken = default)
    {
        EnsureFinite(batch);
        await using var connection = (NpgsqlConnection)await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await RefreshCatalogAsync(connection, tx, cancellationToken);
        var added = new List<(long Id, SeriesKey Key)>();
        if (batch.Any(s => !Catalog.TryGetId(s.Key, out _)))
        {
            // New series are created one transaction at a time, so their ids commit in order and the catalog's
            // "ids above the last one seen" refresh never skips one committed late.
            await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({SeriesLock.ToString(CultureInfo.InvariantCulture)});", cancellationToken, tx);
            await RefreshCatalogAsync(connection, tx, cancellationToken);
            added = await InsertNewSeriesAsync(connection, tx, batch.Select(s => s.Key).Where(k => !Catalog.TryGetId(k, out _)).Distinct(), cancellationToken);
        }
        var ids = added.ToDictionary(a => a.Key, a => a.Id);

        await ExecuteAsync(connection, """
            CREATE TEMP TABLE IF NOT EXISTS points_in (series_id BIGINT NOT NULL, ts BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL, ord BIGINT NOT NULL)
            ON COMMIT DELETE ROWS;
            """, cancellationToken, tx);
        long written = 0;
        await using (var importer = await connection.BeginBinaryImportAsync("COPY points_in (series_id, ts, value, ord) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var series in batch)
            {
                var id = ids.TryGetValue(series.Key, out var fresh) ? fresh : Catalog.TryGetId(series.Key, out var known) ? known : throw new InvalidOperationException($"Series {series.Key} has no id.");
                foreach (var point in series.Points)
                {
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(point.Timestamp.ToUnixTimeSeconds(), NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(point.Value, NpgsqlDbType.Double, cancellationToken);
                    await importer.WriteAsync(written++, NpgsqlDbType.Bigint, cancellationToken);
                }
            }
            await importer.CompleteAsync(cancellationToken);
        }
        // A point given twice in one batch: the last one wins (one upsert cannot touch a row twice).
        await ExecuteAsync(connection, """
            INSERT INTO points(series_id, ts, value)
            SELECT DISTINCT ON (series_id, ts) series_id, ts, value FROM points_in ORDER BY series_id, ts, ord DESC
            ON CONFLICT (series_id, ts) DO UPDATE SET value = excluded.value;
            """, cancellationToken, tx);

        if (watermark is not null)
            await UpsertWatermarkAsync(connection, tx, watermark, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        foreach (var (id, key) in added)
            Catalog.Add(id, key);
        return written;
    }

    public override async Task<bool> TryClaimDeliveryAsync(DeliveryRecord claim, IReadOnlyCollection<DeliveryStatus> replaceable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(replaceable);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = Command(connection, DeliveryUpsert[..DeliveryUpsert.IndexOf("ON CONFLICT", StringComparison.Ordinal)] + "ON CONFLICT (key) DO NOTHING;", tx))
        {
            AddDeliveryParameters(insert, claim);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
                await tx.CommitAsync(cancellationToken);
                return true;
            }
        }
        // The row exists: a sender holding its lock is claiming it right now, so this one stands back rather than wait.
        await using (var select = Command(connection, "SELECT status FROM deliveries WHERE key = @key FOR UPDATE SKIP LOCKED;", tx))
        {
            Add(select, "@key", claim.Key);
            var status = await select.ExecuteScalarAsync(cancellationToken) as string;
            if (status is null || !replaceable.Any(r => r.ToString() == status))
                return false;
        }
        await using (var update = Command(connection, """
            UPDATE deliveries SET status = @status, attempts = attempts + 1, next_attempt_at = @next, last_error = @error, location = @location,
                updated_at = @updated, cc = @cc, language = @language, subject = @subject, channel = @channel
            WHERE key = @key;
            """, tx))
        {
            AddDeliveryParameters(update, claim);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Adds runs copied from another store, skipping those already here (same stream, window and start), so a copy can be
    /// repeated. Returns how many were added.
    /// </summary>
    internal async Task<long> ImportRunsAsync(IReadOnlyList<CollectionRun> runs, CancellationToken cancellationToken)
    {
        await using var connection = (NpgsqlConnection)await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "CREATE TEMP TABLE runs_in (LIKE runs INCLUDING DEFAULTS) ON COMMIT DROP;", cancellationToken, tx);
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY runs_in (id, source, env, stream, window_start, window_end, started_at, finished_at, status, points, api_calls, metrics_requested, bytes_scanned, estimated_usd, error) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var r in runs)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(r.Id, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(r.Source, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(r.Environment, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(r.Stream, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(r.Window.Start.ToUnixTimeSeconds(), NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(r.Window.End.ToUnixTimeSeconds(), NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(r.StartedAt.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken);
                if (r.FinishedAt is { } finished)
                    await importer.WriteAsync(finished.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken);
                else
                    await importer.WriteNullAsync(cancellationToken);
                await importer.WriteAsync(r.Status.ToString(), NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(r.PointsWritten, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(r.Usage.ApiCalls, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(r.Usage.MetricsRequested, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(r.Usage.BytesScanned, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(r.Usage.EstimatedUsd.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text, cancellationToken);
                if (r.Error is { } error)
                    await importer.WriteAsync(error, NpgsqlDbType.Text, cancellationToken);
                else
                    await importer.WriteNullAsync(cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await using var insert = Command(connection, """
            INSERT INTO runs(source, env, stream, window_start, window_end, started_at, finished_at, status, points, api_calls, metrics_requested, bytes_scanned, estimated_usd, error)
            SELECT i.source, i.env, i.stream, i.window_start, i.window_end, i.started_at, i.finished_at, i.status, i.points, i.api_calls, i.metrics_requested, i.bytes_scanned, i.estimated_usd, i.error
            FROM runs_in i
            WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.source = i.source AND r.env = i.env AND r.stream = i.stream
                AND r.window_start = i.window_start AND r.window_end = i.window_end AND r.started_at = i.started_at)
            ORDER BY i.id;
            """, tx);
        var added = await insert.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return added;
    }

    protected override string SeriesIdsCondition => "series_id = ANY(@ids)";

    protected override void AddSeriesIds(DbCommand command, IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Parameters.Add(new NpgsqlParameter("@ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = ids.ToArray() });
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
