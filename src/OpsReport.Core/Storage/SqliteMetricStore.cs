using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>The embedded store: one SQLite file in WAL mode, so the dashboard reads while a collection writes.</summary>
public sealed class SqliteMetricStore : IMetricStore
{
    private readonly string _connectionString;
    private readonly SeriesCatalog _catalog = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public SqliteMetricStore(string databasePath)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = SqliteConnectionStrings.For(DatabasePath);
    }

    public string DatabasePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
        var current = Convert.ToInt32(await ScalarAsync(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", cancellationToken), CultureInfo.InvariantCulture);
        for (var v = current; v < SqliteSchema.Migrations.Count; v++)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, SqliteSchema.Migrations[v], cancellationToken, tx);
            await ExecuteAsync(connection, $"INSERT INTO schema_version(version) VALUES ({(v + 1).ToString(CultureInfo.InvariantCulture)});", cancellationToken, tx);
            await tx.CommitAsync(cancellationToken);
        }
    }

    public async Task<long> CommitAsync(IReadOnlyCollection<SeriesPoints> batch, WatermarkUpdate? watermark = null, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
            // Inside the write transaction no other process can add series, so every id below ours is in the catalog.
            await RefreshCatalogAsync(connection, cancellationToken, tx);

            using var insertSeries = connection.CreateCommand();
            insertSeries.Transaction = tx;
            insertSeries.CommandText = "INSERT INTO series(key, metric, resolution, dims) VALUES ($key, $metric, $res, $dims) ON CONFLICT(key) DO UPDATE SET key = excluded.key RETURNING id;";
            var pKey = insertSeries.Parameters.Add("$key", SqliteType.Text);
            var pMetric = insertSeries.Parameters.Add("$metric", SqliteType.Text);
            var pRes = insertSeries.Parameters.Add("$res", SqliteType.Integer);
            var pDims = insertSeries.Parameters.Add("$dims", SqliteType.Text);

            using var upsert = connection.CreateCommand();
            upsert.Transaction = tx;
            upsert.CommandText = "INSERT INTO points(series_id, ts, value) VALUES ($s, $t, $v) ON CONFLICT(series_id, ts) DO UPDATE SET value = excluded.value;";
            var pS = upsert.Parameters.Add("$s", SqliteType.Integer);
            var pT = upsert.Parameters.Add("$t", SqliteType.Integer);
            var pV = upsert.Parameters.Add("$v", SqliteType.Real);
            upsert.Prepare();

            var added = new List<(long, SeriesKey)>();
            long written = 0;
            foreach (var series in batch)
            {
                if (!_catalog.TryGetId(series.Key, out var id))
                {
                    pKey.Value = series.Key.ToString();
                    pMetric.Value = series.Key.Metric;
                    pRes.Value = series.Key.Resolution.Seconds;
                    pDims.Value = JsonSerializer.Serialize(series.Key.Dimensions);
                    id = Convert.ToInt64(await insertSeries.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                    added.Add((id, series.Key));
                }
                pS.Value = id;
                foreach (var point in series.Points)
                {
                    if (double.IsNaN(point.Value) || double.IsInfinity(point.Value))
                        throw new ArgumentException($"Series {series.Key} has a non-finite value at {point.Timestamp:O}; leave the point out to record a gap.");
                    pT.Value = point.Timestamp.ToUnixTimeSeconds();
                    pV.Value = point.Value;
                    await upsert.ExecuteNonQueryAsync(cancellationToken);
                    written++;
                }
            }

            if (watermark is not null)
            {
                using var wm = connection.CreateCommand();
                wm.Transaction = tx;
                wm.CommandText = """
                    INSERT INTO watermarks(source, env, stream, collected_until) VALUES ($src, $env, $stream, $until)
                    ON CONFLICT(source, env, stream) DO UPDATE SET collected_until = MAX(collected_until, excluded.collected_until);
                    """;
                wm.Parameters.AddWithValue("$src", watermark.Stream.Source);
                wm.Parameters.AddWithValue("$env", watermark.Stream.Environment);
                wm.Parameters.AddWithValue("$stream", watermark.Stream.Stream);
                wm.Parameters.AddWithValue("$until", watermark.CollectedUntil.ToUnixTimeSeconds());
                await wm.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            foreach (var (id, key) in added)
                _catalog.Add(id, key);
            return written;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyList<SeriesKey>> FindSeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await RefreshCatalogAsync(connection, cancellationToken);
        return _catalog.Find(filter).Select(s => s.Key).ToList();
    }

    public async Task<IReadOnlyList<SeriesPoints>> QueryAsync(SeriesFilter filter, TimeWindow window, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await RefreshCatalogAsync(connection, cancellationToken);
        var matches = _catalog.Find(filter);
        return await ReadPointsAsync(connection, matches, window, cancellationToken);
    }

    public async Task<SeriesPoints> QueryAsync(SeriesKey key, TimeWindow window, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await RefreshCatalogAsync(connection, cancellationToken);
        if (!_catalog.TryGetId(key, out var id))
            return new SeriesPoints(key, []);
        var result = await ReadPointsAsync(connection, [(id, key)], window, cancellationToken);
        return result[0];
    }

    public async Task<DateTimeOffset?> GetWatermarkAsync(StreamId stream, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT collected_until FROM watermarks WHERE source = $src AND env = $env AND stream = $stream;";
        cmd.Parameters.AddWithValue("$src", stream.Source);
        cmd.Parameters.AddWithValue("$env", stream.Environment);
        cmd.Parameters.AddWithValue("$stream", stream.Stream);
        var value = await cmd.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }

    public async Task<IReadOnlyDictionary<StreamId, DateTimeOffset>> GetWatermarksAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT source, env, stream, collected_until FROM watermarks;";
        var result = new Dictionary<StreamId, DateTimeOffset>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result[new StreamId(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3));
        return result;
    }

    public async Task<long> StartRunAsync(StreamId stream, TimeWindow window, DateTimeOffset startedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO runs(source, env, stream, window_start, window_end, started_at, status, points, api_calls, metrics_requested, bytes_scanned, estimated_usd)
            VALUES ($src, $env, $stream, $ws, $we, $started, $status, 0, 0, 0, 0, '0') RETURNING id;
            """;
        cmd.Parameters.AddWithValue("$src", stream.Source);
        cmd.Parameters.AddWithValue("$env", stream.Environment);
        cmd.Parameters.AddWithValue("$stream", stream.Stream);
        cmd.Parameters.AddWithValue("$ws", window.Start.ToUnixTimeSeconds());
        cmd.Parameters.AddWithValue("$we", window.End.ToUnixTimeSeconds());
        cmd.Parameters.AddWithValue("$started", startedAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$status", nameof(RunStatus.Running));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task FinishRunAsync(long runId, RunStatus status, long pointsWritten, ApiUsage usage, string? error, DateTimeOffset finishedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            UPDATE runs SET finished_at = $finished, status = $status, points = $points, api_calls = $calls,
                metrics_requested = $metrics, bytes_scanned = $bytes, estimated_usd = $usd, error = $error
            WHERE id = $id;
            """;
        cmd.Parameters.AddWithValue("$id", runId);
        cmd.Parameters.AddWithValue("$finished", finishedAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$status", status.ToString());
        cmd.Parameters.AddWithValue("$points", pointsWritten);
        cmd.Parameters.AddWithValue("$calls", usage.ApiCalls);
        cmd.Parameters.AddWithValue("$metrics", usage.MetricsRequested);
        cmd.Parameters.AddWithValue("$bytes", usage.BytesScanned);
        cmd.Parameters.AddWithValue("$usd", usage.EstimatedUsd.ToString(CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CollectionRun>> GetRunsAsync(string? environment = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT id, source, env, stream, window_start, window_end, started_at, finished_at, status, points,
                   api_calls, metrics_requested, bytes_scanned, estimated_usd, error
            FROM runs WHERE ($env IS NULL OR env = $env) ORDER BY id DESC LIMIT $limit;
            """;
        cmd.Parameters.AddWithValue("$env", (object?)environment ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$limit", limit);
        var runs = new List<CollectionRun>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            runs.Add(new CollectionRun(
                r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                new TimeWindow(DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(4)), DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(5))),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
                r.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
                Enum.Parse<RunStatus>(r.GetString(8)),
                r.GetInt64(9),
                new ApiUsage(r.GetInt32(10), r.GetInt64(11), r.GetInt64(12), decimal.Parse(r.GetString(13), CultureInfo.InvariantCulture)),
                r.IsDBNull(14) ? null : r.GetString(14)));
        }
        return runs;
    }

    public async Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM settings WHERE name = $name;";
        cmd.Parameters.AddWithValue("$name", name);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT INTO settings(name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value;";
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$value", value);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpsertFindingsAsync(IReadOnlyCollection<Finding> findings, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var f in findings)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO findings(id, env, kind, subject, start_ts, end_ts, severity, state, summary, evidence, numbers, url, updated_at, labels)
                VALUES ($id, $env, $kind, $subject, $start, $end, $severity, $state, $summary, $evidence, $numbers, $url, $updated, $labels)
                ON CONFLICT(id) DO UPDATE SET start_ts = excluded.start_ts, end_ts = excluded.end_ts, severity = excluded.severity,
                    state = excluded.state, summary = excluded.summary, evidence = excluded.evidence, numbers = excluded.numbers,
                    url = excluded.url, updated_at = excluded.updated_at, labels = excluded.labels;
                """;
            cmd.Parameters.AddWithValue("$id", f.Id);
            cmd.Parameters.AddWithValue("$env", f.Environment);
            cmd.Parameters.AddWithValue("$kind", f.Kind.ToString());
            cmd.Parameters.AddWithValue("$subject", f.Subject);
            cmd.Parameters.AddWithValue("$start", f.Start.ToUnixTimeSeconds());
            cmd.Parameters.AddWithValue("$end", f.End is { } end ? end.ToUnixTimeSeconds() : DBNull.Value);
            cmd.Parameters.AddWithValue("$severity", f.Severity.ToString());
            cmd.Parameters.AddWithValue("$state", f.State.ToString());
            cmd.Parameters.AddWithValue("$summary", f.Summary);
            cmd.Parameters.AddWithValue("$evidence", f.Evidence);
            cmd.Parameters.AddWithValue("$numbers", JsonSerializer.Serialize(f.Numbers));
            cmd.Parameters.AddWithValue("$url", (object?)f.Url ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$updated", f.UpdatedAt.ToUnixTimeSeconds());
            cmd.Parameters.AddWithValue("$labels", JsonSerializer.Serialize(f.Labels));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Finding>> GetFindingsAsync(string? environment = null, FindingState? state = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT env, kind, subject, start_ts, end_ts, severity, state, summary, evidence, numbers, url, updated_at, labels
            FROM findings WHERE ($env IS NULL OR env = $env) AND ($state IS NULL OR state = $state)
            ORDER BY start_ts DESC;
            """;
        cmd.Parameters.AddWithValue("$env", (object?)environment ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$state", state is { } s ? s.ToString() : DBNull.Value);
        var result = new List<Finding>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add(new Finding(
                r.GetString(0), Enum.Parse<FindingKind>(r.GetString(1)), r.GetString(2),
                DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(3)),
                r.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(4)),
                Enum.Parse<Severity>(r.GetString(5)), Enum.Parse<FindingState>(r.GetString(6)),
                r.GetString(7), r.GetString(8),
                JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(9)) ?? [],
                r.IsDBNull(10) ? null : r.GetString(10),
                DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(11)))
            {
                Labels = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(12)) ?? [],
            });
        }
        return result;
    }

    public async Task<DeliveryRecord?> GetDeliveryAsync(string key, CancellationToken cancellationToken = default)
    {
        var found = await ReadDeliveriesAsync("WHERE key = $key", key, 1, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        ReadDeliveriesAsync("", null, limit, cancellationToken);

    public async Task SaveDeliveryAsync(DeliveryRecord d, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = DeliveryUpsert + ";";
        AddDeliveryParameters(cmd, d);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> TryClaimDeliveryAsync(DeliveryRecord claim, IReadOnlyCollection<DeliveryStatus> replaceable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(replaceable);
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        var statuses = replaceable.Select((_, i) => "$s" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        // One statement: SQLite's upsert is atomic, so of two senders racing for the same key only one changes a row.
        cmd.CommandText = DeliveryUpsert.Replace("attempts = excluded.attempts", "attempts = deliveries.attempts + 1", StringComparison.Ordinal)
            + (statuses.Count == 0 ? " WHERE 0" : $" WHERE deliveries.status IN ({string.Join(", ", statuses)})") + ";";
        AddDeliveryParameters(cmd, claim);
        var i = 0;
        foreach (var status in replaceable)
            cmd.Parameters.AddWithValue("$s" + (i++).ToString(CultureInfo.InvariantCulture), status.ToString());
        return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private const string DeliveryUpsert = """
        INSERT INTO deliveries(key, report, env, period, tenant, recipients, status, attempts, next_attempt_at, last_error, location, updated_at, cc, language, subject, channel)
        VALUES ($key, $report, $env, $period, $tenant, $recipients, $status, $attempts, $next, $error, $location, $updated, $cc, $language, $subject, $channel)
        ON CONFLICT(key) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
            last_error = excluded.last_error, location = excluded.location, updated_at = excluded.updated_at, cc = excluded.cc,
            language = excluded.language, subject = excluded.subject, channel = excluded.channel
        """;

    private static void AddDeliveryParameters(SqliteCommand cmd, DeliveryRecord d)
    {
        cmd.Parameters.AddWithValue("$key", d.Key);
        cmd.Parameters.AddWithValue("$report", d.Report);
        cmd.Parameters.AddWithValue("$env", d.Environment);
        cmd.Parameters.AddWithValue("$period", d.Period);
        cmd.Parameters.AddWithValue("$tenant", (object?)d.Tenant ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$recipients", d.Recipients);
        cmd.Parameters.AddWithValue("$status", d.Status.ToString());
        cmd.Parameters.AddWithValue("$attempts", d.Attempts);
        cmd.Parameters.AddWithValue("$next", d.NextAttemptAt is { } n ? n.ToUnixTimeSeconds() : DBNull.Value);
        cmd.Parameters.AddWithValue("$error", (object?)d.LastError ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$location", (object?)d.Location ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$updated", d.UpdatedAt.ToUnixTimeSeconds());
        cmd.Parameters.AddWithValue("$cc", d.Cc);
        cmd.Parameters.AddWithValue("$language", (object?)d.Language ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$subject", (object?)d.Subject ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$channel", (object?)d.Channel ?? DBNull.Value);
    }

    private async Task<IReadOnlyList<DeliveryRecord>> ReadDeliveriesAsync(string where, string? key, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT key, report, env, period, tenant, recipients, status, attempts, next_attempt_at, last_error, location, updated_at,
                cc, language, subject, channel
            FROM deliveries {where} ORDER BY updated_at DESC, key LIMIT $limit;
            """;
        if (key is not null)
            cmd.Parameters.AddWithValue("$key", key);
        cmd.Parameters.AddWithValue("$limit", limit);
        var result = new List<DeliveryRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add(new DeliveryRecord(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
                Enum.Parse<DeliveryStatus>(r.GetString(6)), r.GetInt32(7),
                r.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(8)),
                r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10),
                DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(11)))
            {
                Cc = r.GetString(12),
                Language = r.IsDBNull(13) ? null : r.GetString(13),
                Subject = r.IsDBNull(14) ? null : r.GetString(14),
                Channel = r.IsDBNull(15) ? null : r.GetString(15),
            });
        }
        return result;
    }

    private async Task<IReadOnlyList<SeriesPoints>> ReadPointsAsync(SqliteConnection connection, IReadOnlyList<(long Id, SeriesKey Key)> series, TimeWindow window, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<long, List<Point>>(series.Count);
        foreach (var (id, _) in series)
            byId[id] = [];
        if (series.Count > 0)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                SELECT series_id, ts, value FROM points
                WHERE series_id IN (SELECT value FROM json_each($ids)) AND ts >= $start AND ts < $end
                ORDER BY series_id, ts;
                """;
            cmd.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(series.Select(s => s.Id)));
            cmd.Parameters.AddWithValue("$start", window.Start.ToUnixTimeSeconds());
            cmd.Parameters.AddWithValue("$end", window.End.ToUnixTimeSeconds());
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
                byId[r.GetInt64(0)].Add(new Point(DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(1)), r.GetDouble(2)));
        }
        return series.Select(s => new SeriesPoints(s.Key, byId[s.Id])).ToList();
    }

    private async Task RefreshCatalogAsync(SqliteConnection connection, CancellationToken cancellationToken, SqliteTransaction? tx = null)
    {
        // Other processes (a CLI `collect` beside the dashboard) may have added series since we last looked.
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT id, key FROM series WHERE id > $last ORDER BY id;";
        cmd.Parameters.AddWithValue("$last", _catalog.MaxId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            _catalog.Add(r.GetInt64(0), SeriesKey.Parse(r.GetString(1)));
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(cancellationToken);
    }
}
