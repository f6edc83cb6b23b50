using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>
/// What SQLite and PostgreSQL share: the SQL both speak (named <c>@</c> parameters, <c>ON CONFLICT</c> upserts,
/// <c>RETURNING</c>) over the same tables. Each subclass brings its connection, its migrations, its bulk write and its
/// outbox claim, where the two databases differ.
/// </summary>
public abstract class RelationalMetricStore : IMetricStore
{
    private const string AbandonedError = "abandoned: the process that ran it stopped before finishing it; nothing of it was committed and the next pass collects the window again.";

    protected RelationalMetricStore(string? instanceName)
    {
        var prefix = string.IsNullOrWhiteSpace(instanceName) ? Environment.MachineName : instanceName.Trim();
        _holderPrefix = prefix + ":";
        InstanceId = string.Create(CultureInfo.InvariantCulture, $"{prefix}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}");
    }

    private readonly string _holderPrefix;

    public string InstanceId { get; }

    private protected SeriesCatalog Catalog { get; } = new();

    private readonly SemaphoreSlim _refreshGate = new(1, 1);

    /// <summary>Held around the small writes a collection makes beside its commits (runs, leases, settings); null where the database queues writers itself.</summary>
    private protected virtual SemaphoreSlim? WriteGate => null;

    public abstract Task InitializeAsync(CancellationToken cancellationToken = default);

    public async Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var version = await ScalarIntAsync(connection, CurrentVersionQuery, cancellationToken);
        return new StoreDescription(ProviderName, Where, version, LatestSchemaVersion);
    }

    /// <summary>"SQLite" or "PostgreSQL".</summary>
    protected abstract string ProviderName { get; }

    /// <summary>The file, or host, port, database and user (never a password).</summary>
    protected abstract string Where { get; }

    protected abstract int LatestSchemaVersion { get; }

    protected const string CurrentVersionQuery = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";

    public abstract Task<long> CommitAsync(IReadOnlyCollection<SeriesPoints> batch, WatermarkUpdate? watermark = null, CancellationToken cancellationToken = default);

    public abstract Task<bool> TryClaimDeliveryAsync(DeliveryRecord claim, IReadOnlyCollection<DeliveryStatus> replaceable, CancellationToken cancellationToken = default);

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>The condition selecting <c>series_id</c> among the ids in parameter <c>@ids</c>.</summary>
    protected abstract string SeriesIdsCondition { get; }

    /// <summary>The value of <c>@ids</c> for <see cref="SeriesIdsCondition"/>.</summary>
    protected abstract void AddSeriesIds(DbCommand command, IEnumerable<long> ids);

    public async Task<IReadOnlyList<SeriesKey>> FindSeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await RefreshCatalogAsync(connection, null, cancellationToken);
        return Catalog.Find(filter).Select(s => s.Key).ToList();
    }

    public async Task<IReadOnlyList<SeriesPoints>> QueryAsync(SeriesFilter filter, TimeWindow window, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await RefreshCatalogAsync(connection, null, cancellationToken);
        return await ReadPointsAsync(connection, Catalog.Find(filter), window, cancellationToken);
    }

    public async Task<IReadOnlyList<(SeriesKey Key, double? Sum)>> SumAsync(SeriesFilter filter, TimeWindow window, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await RefreshCatalogAsync(connection, null, cancellationToken);
        return await SumPointsAsync(connection, Catalog.Find(filter), window, cancellationToken);
    }

    public async Task<SeriesPoints> QueryAsync(SeriesKey key, TimeWindow window, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await RefreshCatalogAsync(connection, null, cancellationToken);
        if (!Catalog.TryGetId(key, out var id))
            return new SeriesPoints(key, []);
        return (await ReadPointsAsync(connection, [(id, key)], window, cancellationToken))[0];
    }

    public async Task<DateTimeOffset?> GetWatermarkAsync(StreamId stream, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, "SELECT collected_until FROM watermarks WHERE source = @src AND env = @env AND stream = @stream;");
        AddStream(cmd, stream);
        var value = await cmd.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }

    public async Task<IReadOnlyDictionary<StreamId, DateTimeOffset>> GetWatermarksAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, "SELECT source, env, stream, collected_until FROM watermarks;");
        var result = new Dictionary<StreamId, DateTimeOffset>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result[new StreamId(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3));
        return result;
    }

    public async Task<long> StartRunAsync(StreamId stream, TimeWindow window, DateTimeOffset startedAt, CancellationToken cancellationToken = default)
    {
        using var gate = await SqliteWriteGate.EnterAsync(WriteGate, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, """
            INSERT INTO runs(source, env, stream, window_start, window_end, started_at, status, points, api_calls, metrics_requested, bytes_scanned, estimated_usd, holder)
            VALUES (@src, @env, @stream, @ws, @we, @started, @status, 0, 0, 0, 0, '0', @holder) RETURNING id;
            """);
        AddStream(cmd, stream);
        Add(cmd, "@ws", window.Start.ToUnixTimeSeconds());
        Add(cmd, "@we", window.End.ToUnixTimeSeconds());
        Add(cmd, "@started", startedAt.ToUnixTimeMilliseconds());
        Add(cmd, "@status", nameof(RunStatus.Running));
        Add(cmd, "@holder", InstanceId);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task FinishRunAsync(long runId, RunStatus status, long pointsWritten, ApiUsage usage, string? error, DateTimeOffset finishedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        using var gate = await SqliteWriteGate.EnterAsync(WriteGate, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, """
            UPDATE runs SET finished_at = @finished, status = @status, points = @points, api_calls = @calls,
                metrics_requested = @metrics, bytes_scanned = @bytes, estimated_usd = @usd, error = @error
            WHERE id = @id;
            """);
        Add(cmd, "@id", runId);
        Add(cmd, "@finished", finishedAt.ToUnixTimeMilliseconds());
        Add(cmd, "@status", status.ToString());
        Add(cmd, "@points", pointsWritten);
        Add(cmd, "@calls", usage.ApiCalls);
        Add(cmd, "@metrics", usage.MetricsRequested);
        Add(cmd, "@bytes", usage.BytesScanned);
        Add(cmd, "@usd", usage.EstimatedUsd.ToString(CultureInfo.InvariantCulture));
        Add(cmd, "@error", error, DbType.String);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CollectionRun>> GetRunsAsync(string? environment = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, """
            SELECT id, source, env, stream, window_start, window_end, started_at, finished_at, status, points,
                   api_calls, metrics_requested, bytes_scanned, estimated_usd, error
            FROM runs WHERE (@env IS NULL OR env = @env) ORDER BY id DESC LIMIT @limit;
            """);
        Add(cmd, "@env", environment, DbType.String);
        Add(cmd, "@limit", limit);
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
        await using var cmd = Command(connection, "SELECT value FROM settings WHERE name = @name;");
        Add(cmd, "@name", name);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        using var gate = await SqliteWriteGate.EnterAsync(WriteGate, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, "INSERT INTO settings(name, value) VALUES (@name, @value) ON CONFLICT(name) DO UPDATE SET value = excluded.value;");
        Add(cmd, "@name", name);
        Add(cmd, "@value", value);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpsertFindingsAsync(IReadOnlyCollection<Finding> findings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(findings);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var f in findings)
        {
            await using var cmd = Command(connection, """
                INSERT INTO findings(id, env, kind, subject, start_ts, end_ts, severity, state, summary, evidence, numbers, url, updated_at, labels)
                VALUES (@id, @env, @kind, @subject, @start, @end, @severity, @state, @summary, @evidence, @numbers, @url, @updated, @labels)
                ON CONFLICT(id) DO UPDATE SET start_ts = excluded.start_ts, end_ts = excluded.end_ts, severity = excluded.severity,
                    state = excluded.state, summary = excluded.summary, evidence = excluded.evidence, numbers = excluded.numbers,
                    url = excluded.url, updated_at = excluded.updated_at, labels = excluded.labels;
                """, tx);
            Add(cmd, "@id", f.Id);
            Add(cmd, "@env", f.Environment);
            Add(cmd, "@kind", f.Kind.ToString());
            Add(cmd, "@subject", f.Subject);
            Add(cmd, "@start", f.Start.ToUnixTimeSeconds());
            Add(cmd, "@end", f.End?.ToUnixTimeSeconds(), DbType.Int64);
            Add(cmd, "@severity", f.Severity.ToString());
            Add(cmd, "@state", f.State.ToString());
            Add(cmd, "@summary", f.Summary);
            Add(cmd, "@evidence", f.Evidence);
            Add(cmd, "@numbers", JsonSerializer.Serialize(f.Numbers, StoreJson.Default.IReadOnlyDictionaryStringDouble));
            Add(cmd, "@url", f.Url, DbType.String);
            Add(cmd, "@updated", f.UpdatedAt.ToUnixTimeSeconds());
            Add(cmd, "@labels", JsonSerializer.Serialize(f.Labels, StoreJson.Default.IReadOnlyDictionaryStringString));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Finding>> GetFindingsAsync(string? environment = null, FindingState? state = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, """
            SELECT env, kind, subject, start_ts, end_ts, severity, state, summary, evidence, numbers, url, updated_at, labels
            FROM findings WHERE (@env IS NULL OR env = @env) AND (@state IS NULL OR state = @state)
            ORDER BY start_ts DESC, id;
            """);
        Add(cmd, "@env", environment, DbType.String);
        Add(cmd, "@state", state?.ToString(), DbType.String);
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
                JsonSerializer.Deserialize(r.GetString(9), StoreJson.Default.DictionaryStringDouble) ?? [],
                r.IsDBNull(10) ? null : r.GetString(10),
                DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(11)))
            {
                Labels = JsonSerializer.Deserialize(r.GetString(12), StoreJson.Default.DictionaryStringString) ?? [],
            });
        }
        return result;
    }

    public async Task<DeliveryRecord?> GetDeliveryAsync(string key, CancellationToken cancellationToken = default)
    {
        var found = await ReadDeliveriesAsync(key, 1, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        ReadDeliveriesAsync(null, limit, cancellationToken);

    public async Task SaveDeliveryAsync(DeliveryRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, DeliveryUpsert + ";");
        AddDeliveryParameters(cmd, record);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> TryAcquireLeaseAsync(string name, TimeSpan duration, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var gate = await SqliteWriteGate.EnterAsync(WriteGate, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        // One statement, atomic in both databases: a new lease is inserted; a held one is renewed only by its holder and
        // taken over by anyone only once it has expired.
        await using var cmd = Command(connection, """
            INSERT INTO leases(name, holder, acquired_at, expires_at) VALUES (@name, @holder, @now, @expires)
            ON CONFLICT(name) DO UPDATE SET expires_at = excluded.expires_at,
                acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
                holder = excluded.holder
            WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.acquired_at;
            """);
        Add(cmd, "@name", name);
        Add(cmd, "@holder", InstanceId);
        Add(cmd, "@now", now.ToUnixTimeMilliseconds());
        Add(cmd, "@expires", (now + duration).ToUnixTimeMilliseconds());
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) > 0)
            return true;
        // A holder that was a process on this machine and no longer runs (a killed `collect` run again at once) need
        // not be waited out until its lease expires.
        if (!await ReleaseDeadLocalHolderAsync(connection, name, cancellationToken))
            return false;
        return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<bool> ReleaseDeadLocalHolderAsync(DbConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var read = Command(connection, "SELECT holder FROM leases WHERE name = @name;");
        Add(read, "@name", name);
        if (await read.ExecuteScalarAsync(cancellationToken) is not string holder || !IsDeadLocalProcess(holder))
            return false;
        await using var delete = Command(connection, "DELETE FROM leases WHERE name = @name AND holder = @holder;");
        Add(delete, "@name", name);
        Add(delete, "@holder", holder);
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private bool IsDeadLocalProcess(string holder)
    {
        // Holder ids are "machine:pid:nonce"; only ids of this machine (or this instance name) can be checked.
        if (!holder.StartsWith(_holderPrefix, StringComparison.Ordinal) || holder == InstanceId)
            return false;
        var parts = holder[_holderPrefix.Length..].Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            return false;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    public async Task ReleaseLeaseAsync(string name, CancellationToken cancellationToken = default)
    {
        using var gate = await SqliteWriteGate.EnterAsync(WriteGate, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, "DELETE FROM leases WHERE name = @name AND holder = @holder;");
        Add(cmd, "@name", name);
        Add(cmd, "@holder", InstanceId);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoreLease>> GetLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, "SELECT name, holder, acquired_at, expires_at FROM leases WHERE expires_at > @now ORDER BY name;");
        Add(cmd, "@now", now.ToUnixTimeMilliseconds());
        var result = new List<StoreLease>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add(new StoreLease(r.GetString(0), r.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))));
        }
        return result;
    }

    public async Task<int> AbandonOrphanedRunsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // A holder with no live lease is a process that stopped (or one from before leases existed, holder NULL).
        await using var cmd = Command(connection, """
            UPDATE runs SET status = @abandoned, finished_at = @now, error = @error
            WHERE status = @running AND (holder IS NULL OR holder <> @me)
              AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.holder = runs.holder AND l.expires_at > @now);
            """);
        Add(cmd, "@abandoned", nameof(RunStatus.Abandoned));
        Add(cmd, "@running", nameof(RunStatus.Running));
        Add(cmd, "@now", now.ToUnixTimeMilliseconds());
        Add(cmd, "@error", AbandonedError);
        Add(cmd, "@me", InstanceId);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every series with all its points, one series at a time, for <c>store copy</c>.</summary>
    internal async IAsyncEnumerable<SeriesPoints> ReadAllSeriesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, "SELECT s.key, p.ts, p.value FROM series s LEFT JOIN points p ON p.series_id = s.id ORDER BY s.id, p.ts;");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        string? key = null;
        var points = new List<Point>();
        while (await r.ReadAsync(cancellationToken))
        {
            var rowKey = r.GetString(0);
            if (key is not null && rowKey != key)
            {
                yield return new SeriesPoints(SeriesKey.Parse(key), points);
                points = [];
            }
            key = rowKey;
            if (!r.IsDBNull(1))
                points.Add(new Point(DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(1)), r.GetDouble(2)));
        }
        if (key is not null)
            yield return new SeriesPoints(SeriesKey.Parse(key), points);
    }

    /// <summary>Every setting, for <c>store copy</c>.</summary>
    internal async Task<IReadOnlyDictionary<string, string>> ReadSettingsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, "SELECT name, value FROM settings;");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            result[r.GetString(0)] = r.GetString(1);
        return result;
    }

    /// <summary>Rows in a table (one of this schema's), for <c>store copy</c>'s report.</summary>
    internal async Task<long> CountRowsAsync(string table, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, $"SELECT COUNT(*) FROM {table};");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    protected const string DeliveryUpsert = """
        INSERT INTO deliveries(key, report, env, period, tenant, recipients, status, attempts, next_attempt_at, last_error, location, updated_at, cc, language, subject, channel)
        VALUES (@key, @report, @env, @period, @tenant, @recipients, @status, @attempts, @next, @error, @location, @updated, @cc, @language, @subject, @channel)
        ON CONFLICT(key) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
            last_error = excluded.last_error, location = excluded.location, updated_at = excluded.updated_at, cc = excluded.cc,
            language = excluded.language, subject = excluded.subject, channel = excluded.channel
        """;

    protected static void AddDeliveryParameters(DbCommand cmd, DeliveryRecord d)
    {
        ArgumentNullException.ThrowIfNull(d);
        Add(cmd, "@key", d.Key);
        Add(cmd, "@report", d.Report);
        Add(cmd, "@env", d.Environment);
        Add(cmd, "@period", d.Period);
        Add(cmd, "@tenant", d.Tenant, DbType.String);
        Add(cmd, "@recipients", d.Recipients);
        Add(cmd, "@status", d.Status.ToString());
        Add(cmd, "@attempts", d.Attempts);
        Add(cmd, "@next", d.NextAttemptAt?.ToUnixTimeSeconds(), DbType.Int64);
        Add(cmd, "@error", d.LastError, DbType.String);
        Add(cmd, "@location", d.Location, DbType.String);
        Add(cmd, "@updated", d.UpdatedAt.ToUnixTimeSeconds());
        Add(cmd, "@cc", d.Cc);
        Add(cmd, "@language", d.Language, DbType.String);
        Add(cmd, "@subject", d.Subject, DbType.String);
        Add(cmd, "@channel", d.Channel, DbType.String);
    }

    /// <summary>Refuses a batch with a non-finite value before anything of it is written.</summary>
    protected static void EnsureFinite(IReadOnlyCollection<SeriesPoints> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var series in batch)
        {
            foreach (ref readonly var point in PointsOf(series))
            {
                if (!double.IsFinite(point.Value))
                    throw new ArgumentException($"Series {series.Key} has a non-finite value at {point.Timestamp:O}; leave the point out to record a gap.");
            }
        }
    }

    /// <summary>A series' points as one span, without copying when they are a list, an array or a slice of one (what sources build).</summary>
    internal static ReadOnlySpan<Point> PointsOf(SeriesPoints series) => series.Points switch
    {
        Point[] array => array,
        List<Point> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        ArraySegment<Point> segment => segment.AsSpan(),
        var other => other.ToArray(),
    };

    /// <summary>Inserts the series of the batch the catalog does not know yet; returns them with their new ids.</summary>
    protected static async Task<List<(long Id, SeriesKey Key)>> InsertNewSeriesAsync(DbConnection connection, DbTransaction tx, IEnumerable<SeriesKey> keys, CancellationToken cancellationToken)
    {
        var added = new List<(long, SeriesKey)>();
        await using var cmd = Command(connection, "INSERT INTO series(key, metric, resolution, dims) VALUES (@key, @metric, @res, @dims) ON CONFLICT(key) DO UPDATE SET key = excluded.key RETURNING id;", tx);
        var pKey = Add(cmd, "@key", "");
        var pMetric = Add(cmd, "@metric", "");
        var pRes = Add(cmd, "@res", 0);
        var pDims = Add(cmd, "@dims", "");
        foreach (var key in keys)
        {
            pKey.Value = key.ToString();
            pMetric.Value = key.Metric;
            pRes.Value = key.Resolution.Seconds;
            pDims.Value = SeriesInsert.DimensionsJson(key);
            added.Add((Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture), key));
        }
        return added;
    }

    protected static async Task UpsertWatermarkAsync(DbConnection connection, DbTransaction tx, WatermarkUpdate watermark, CancellationToken cancellationToken)
    {
        await using var wm = Command(connection, """
            INSERT INTO watermarks(source, env, stream, collected_until) VALUES (@src, @env, @stream, @until)
            ON CONFLICT(source, env, stream) DO UPDATE SET collected_until =
                CASE WHEN excluded.collected_until > watermarks.collected_until THEN excluded.collected_until ELSE watermarks.collected_until END;
            """, tx);
        AddStream(wm, watermark.Stream);
        Add(wm, "@until", watermark.CollectedUntil.ToUnixTimeSeconds());
        await wm.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds series other processes created since this one last looked (a CLI <c>collect</c> beside the dashboard).</summary>
    protected async Task RefreshCatalogAsync(DbConnection connection, DbTransaction? tx, CancellationToken cancellationToken)
    {
        // One refresh at a time: the first queries of a process (a report's sections, the dashboard's panels) start
        // together, and each would otherwise read and parse every series key while the catalog is still empty.
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            await using var cmd = Command(connection, "SELECT id, key FROM series WHERE id > @last ORDER BY id;", tx);
            Add(cmd, "@last", Catalog.MaxId);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                // The key column is NOT NULL: a row without one is a damaged file read past its end (a truncated SQLite
                // database can answer NULL instead of an error), which the dashboard must call a store failure (503).
                if (r.IsDBNull(0) || r.IsDBNull(1))
                    throw new StoreUnavailableException(StoreUnavailableException.Describe(Where, "a series row has no key"));
                Catalog.Add(r.GetInt64(0), SeriesKey.Parse(r.GetString(1)));
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    protected static DbCommand Command(DbConnection connection, string sql, DbTransaction? tx = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    protected static DbParameter Add(DbCommand cmd, string name, string value) => Add(cmd, name, value, DbType.String);

    protected static DbParameter Add(DbCommand cmd, string name, long value) => Add(cmd, name, value, DbType.Int64);

    protected static DbParameter Add(DbCommand cmd, string name, int value) => Add(cmd, name, value, DbType.Int32);

    /// <summary>A parameter with its type spelled out, so a null still has one (PostgreSQL cannot infer it from NULL).</summary>
    protected static DbParameter Add(DbCommand cmd, string name, object? value, DbType type)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }

    protected static async Task<int> ScalarIntAsync(DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? tx = null)
    {
        await using var cmd = Command(connection, sql, tx);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    protected static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? tx = null)
    {
        await using var cmd = Command(connection, sql, tx);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddStream(DbCommand cmd, StreamId stream)
    {
        Add(cmd, "@src", stream.Source);
        Add(cmd, "@env", stream.Environment);
        Add(cmd, "@stream", stream.Stream);
    }

    private async Task<IReadOnlyList<DeliveryRecord>> ReadDeliveriesAsync(string? key, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, $"""
            SELECT key, report, env, period, tenant, recipients, status, attempts, next_attempt_at, last_error, location, updated_at,
                cc, language, subject, channel
            FROM deliveries {(key is null ? "" : "WHERE key = @key")} ORDER BY updated_at DESC, key LIMIT @limit;
            """);
        if (key is not null)
            Add(cmd, "@key", key);
        Add(cmd, "@limit", limit);
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

    /// <summary>The sum of each series' points in the window; one entry per series asked, null when it has none.</summary>
    protected virtual async Task<IReadOnlyList<(SeriesKey Key, double? Sum)>> SumPointsAsync(DbConnection connection, IReadOnlyList<(long Id, SeriesKey Key)> series, TimeWindow window, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<long, double>(series.Count);
        if (series.Count > 0)
        {
            await using var cmd = Command(connection, $"""
                SELECT series_id, SUM(value) FROM points
                WHERE {SeriesIdsCondition} AND ts >= @start AND ts < @end
                GROUP BY series_id;
                """);
            AddSeriesIds(cmd, series.Select(s => s.Id));
            Add(cmd, "@start", window.Start.ToUnixTimeSeconds());
            Add(cmd, "@end", window.End.ToUnixTimeSeconds());
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
                sums[r.GetInt64(0)] = r.GetDouble(1);
        }
        return series.Select(s => (s.Key, sums.TryGetValue(s.Id, out var sum) ? sum : (double?)null)).ToList();
    }

    /// <summary>The points of each series in the window, in time order; one entry per series asked, empty when it has none.</summary>
    protected virtual async Task<IReadOnlyList<SeriesPoints>> ReadPointsAsync(DbConnection connection, IReadOnlyList<(long Id, SeriesKey Key)> series, TimeWindow window, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<long, List<Point>>(series.Count);
        foreach (var (id, _) in series)
            byId[id] = [];
        if (series.Count > 0)
        {
            await using var cmd = Command(connection, $"""
                SELECT series_id, ts, value FROM points
                WHERE {SeriesIdsCondition} AND ts >= @start AND ts < @end
                ORDER BY series_id, ts;
                """);
            AddSeriesIds(cmd, series.Select(s => s.Id));
            Add(cmd, "@start", window.Start.ToUnixTimeSeconds());
            Add(cmd, "@end", window.End.ToUnixTimeSeconds());
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
                byId[r.GetInt64(0)].Add(new Point(DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(1)), r.GetDouble(2)));
        }
        return series.Select(s => new SeriesPoints(s.Key, byId[s.Id])).ToList();
    }
}
