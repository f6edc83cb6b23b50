using Microsoft.Data.Sqlite;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Storage;

/// <summary>The store contract on SQLite, plus what only the file has: WAL mode and its migrations.</summary>
public sealed class SqliteMetricStoreTests : MetricStoreContractTests
{
    private static readonly SeriesKey OldKey = new(Metrics.Requests, Resolution.Hour, (Dims.Env, "prod"));

    private readonly TempStore _temp = new();

    protected override int LatestSchemaVersion => SqliteSchema.Migrations.Count;

    protected override async Task<IMetricStore> CreateStoreAsync()
    {
        await _temp.InitializeAsync();
        return _temp.Store;
    }

    protected override IMetricStore OpenSecondStore() => _temp.OpenSecondStore();

    protected override async Task<long> CountRowsAsync(string table)
    {
        using var connection = _temp.OpenRawConnection();
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM {table};";
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public override Task DisposeAsync() => _temp.DisposeAsync();

    [Fact]
    public async Task InitializeAsync_NewFile_CreatesSchemaInWalMode()
    {
        using var connection = _temp.OpenRawConnection();
        using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        var names = new List<string>();
        await using (var r = await tables.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
                names.Add(r.GetString(0));
        }
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";

        Assert.Superset(new HashSet<string> { "series", "points", "watermarks", "runs", "settings", "findings", "deliveries", "leases", "schema_version" }, names.ToHashSet());
        Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync());
    }

    [Fact]
    public async Task InitializeAsync_PreviousVersionFile_MigratesKeepingDataAndAbandonsItsRunningRuns()
    {
        var path = Path.Combine(_temp.Directory, "old.db");
        var old = new SqliteMetricStore(path);
        await old.InitializeAtVersionAsync(LatestSchemaVersion - 1);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            // What the previous version wrote: a series with a point, and a run its process never finished.
            cmd.CommandText = $$"""
                INSERT INTO series(id, key, metric, resolution, dims) VALUES (1, '{{OldKey}}', 'requests', 3600, '{"env":"prod"}');
                INSERT INTO points(series_id, ts, value) VALUES (1, 1794787200, 42);
                INSERT INTO runs(source, env, stream, window_start, window_end, started_at, status, points, api_calls, metrics_requested, bytes_scanned, estimated_usd)
                VALUES ('demo', 'prod', 'metrics', 1794787200, 1794790800, 1794787200000, 'Running', 0, 0, 0, 0, '0');
                """;
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var store = new SqliteMetricStore(path);
        await store.InitializeAsync();

        Assert.Equal(LatestSchemaVersion, (await store.DescribeAsync()).SchemaVersion);
        Assert.Equal([new Point(DateTimeOffset.FromUnixTimeSeconds(1794787200), 42)], (await store.QueryAsync(OldKey, new TimeWindow(T0.AddDays(-1), T0.AddDays(1)))).Points);
        Assert.Equal(1, await store.AbandonOrphanedRunsAsync(T0));
        Assert.Equal(RunStatus.Abandoned, Assert.Single(await store.GetRunsAsync()).Status);
        Assert.True(await store.TryAcquireLeaseAsync("collect:demo/prod/metrics", TimeSpan.FromMinutes(1), T0));
    }

    [Fact]
    public async Task InitializeAsync_NewFile_Uses64KiBPages()
    {
        using var connection = _temp.OpenRawConnection();

        Assert.Equal(65536L, await ScalarAsync(connection, "PRAGMA page_size;"));
    }

    [Fact]
    public async Task InitializeAsync_ExistingFileWith4KiBPages_KeepsItsPagesAndItsPointsAndTakesABackfill()
    {
        // A file written before new files got 64 KiB pages: SQLite's default page size at the latest schema version.
        var path = Path.Combine(_temp.Directory, "four-kib.db");
        await new SqliteMetricStore(path).InitializeAtVersionAsync(LatestSchemaVersion);
        var stream = new StreamId("demo", "prod", "latency");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            Assert.Equal(4096L, await ScalarAsync(connection, "PRAGMA page_size;"));
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $$"""
                INSERT INTO series(id, key, metric, resolution, dims) VALUES (1, '{{OldKey}}', 'requests', 3600, '{"env":"prod"}');
                INSERT INTO points(series_id, ts, value) VALUES (1, {{T0.ToUnixTimeSeconds()}}, 42);
                """;
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var store = new SqliteMetricStore(path);
        await store.InitializeAsync();
        var week = Enumerable.Range(1, 168).Select(h => new Point(T0.AddHours(h), h)).ToList();
        var other = new SeriesKey(Metrics.Errors, Resolution.Hour, (Dims.Env, "prod"));
        var written = await store.CommitAsync([new SeriesPoints(OldKey, week), new SeriesPoints(other, week)], new WatermarkUpdate(stream, T0.AddHours(169)));

        var stored = (await store.QueryAsync(OldKey, new TimeWindow(T0, T0.AddDays(8)))).Points;
        Assert.Equal(336, written);
        Assert.Equal(169, stored.Count);
        Assert.Equal(new Point(T0, 42), stored[0]);
        Assert.Equal(168, (await store.QueryAsync(other, new TimeWindow(T0, T0.AddDays(8)))).Points.Count);
        Assert.Equal(T0.AddHours(169), await store.GetWatermarkAsync(stream));
        using var after = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        after.Open();
        Assert.Equal(4096L, await ScalarAsync(after, "PRAGMA page_size;"));
    }

    [Fact]
    public async Task CommitAsync_BulkWriteWithoutPerPointForeignKeyLookups_EveryPointBelongsToAStoredSeries()
    {
        // The bulk write skips SQLite's per-point foreign key lookup; the ids it binds must still all be stored series,
        // for new series created in the same commit and for series known from before alike.
        var keys = Enumerable.Range(0, 40).Select(i => new SeriesKey(Metrics.Requests, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, "/p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        var hours = Enumerable.Range(0, 24).Select(h => new Point(T0.AddHours(h), h)).ToList();
        await Store.CommitAsync(keys.Take(25).Select(k => new SeriesPoints(k, hours)).ToList());
        await OpenSecondStore().CommitAsync(keys.Skip(10).Select(k => new SeriesPoints(k, hours)).ToList());

        using var connection = _temp.OpenRawConnection();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA foreign_key_check(points);";
        await using var violations = await check.ExecuteReaderAsync();
        Assert.False(await violations.ReadAsync());
        Assert.Equal(40L * 24, await CountRowsAsync("points"));
        Assert.Equal(40L, await CountRowsAsync("series"));
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
