using Npgsql;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Tests.Support;

namespace OpsReport.Core.Tests.Storage;

/// <summary>The store contract on PostgreSQL (a fresh database per test on the test server), plus its migrations.</summary>
public sealed class PostgresMetricStoreTests : MetricStoreContractTests
{
    private static readonly SeriesKey OldKey = new(Metrics.Requests, Resolution.Hour, (Dims.Env, "prod"));

    private readonly List<PostgresMetricStore> _stores = [];
    private string _connectionString = "";

    protected override int LatestSchemaVersion => PostgresSchema.Migrations.Count;

    protected override async Task<IMetricStore> CreateStoreAsync()
    {
        _connectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        var store = Open(_connectionString);
        await store.InitializeAsync();
        return store;
    }

    protected override IMetricStore OpenSecondStore() => Open(_connectionString);

    protected override Task<long> CountRowsAsync(string table) => PostgresServer.ScalarAsync(_connectionString, $"SELECT COUNT(*) FROM {table};");

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();
    }

    [Fact]
    public async Task InitializeAsync_SeveralInstancesAtOnceOnAnEmptyDatabase_MigrateOnce()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => Open(database)).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));

        Assert.Equal(LatestSchemaVersion, await PostgresServer.ScalarAsync(database, "SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal(LatestSchemaVersion, await PostgresServer.ScalarAsync(database, "SELECT MAX(version) FROM schema_version;"));
    }

    [Fact]
    public async Task InitializeAsync_PreviousVersionDatabase_MigratesKeepingDataAndAbandonsItsRunningRuns()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await Open(database).MigrateAsync(LatestSchemaVersion - 1);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            // What the previous version wrote: a series with a point, and a run its process never finished.
            await using var cmd = new NpgsqlCommand($$"""
                INSERT INTO series(key, metric, resolution, dims) VALUES ('{{OldKey}}', 'requests', 3600, '{"env":"prod"}');
                INSERT INTO points(series_id, ts, value) SELECT id, 1794787200, 42 FROM series;
                INSERT INTO runs(source, env, stream, window_start, window_end, started_at, status, points, api_calls, metrics_requested, bytes_scanned, estimated_usd)
                VALUES ('demo', 'prod', 'metrics', 1794787200, 1794790800, 1794787200000, 'Running', 0, 0, 0, 0, '0');
                """, connection);
            await cmd.ExecuteNonQueryAsync();
        }

        var store = Open(database);
        await store.InitializeAsync();

        Assert.Equal(LatestSchemaVersion, (await store.DescribeAsync()).SchemaVersion);
        Assert.Equal([new Point(DateTimeOffset.FromUnixTimeSeconds(1794787200), 42)], (await store.QueryAsync(OldKey, new TimeWindow(T0.AddDays(-1), T0.AddDays(1)))).Points);
        Assert.Equal(1, await store.AbandonOrphanedRunsAsync(T0));
        Assert.Equal(RunStatus.Abandoned, Assert.Single(await store.GetRunsAsync()).Status);
        Assert.True(await store.TryAcquireLeaseAsync("collect:demo/prod/metrics", TimeSpan.FromMinutes(1), T0));
    }

    [Fact]
    public async Task DescribeAsync_ConnectionStringWithPassword_NeverShowsThePassword()
    {
        var description = await Store.DescribeAsync();

        Assert.Equal("PostgreSQL", description.Provider);
        Assert.Contains("127.0.0.1:", description.Location, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-secret", description.ToString(), StringComparison.Ordinal);
    }

    private PostgresMetricStore Open(string connectionString)
    {
        var store = new PostgresMetricStore(connectionString);
        _stores.Add(store);
        return store;
    }
}
