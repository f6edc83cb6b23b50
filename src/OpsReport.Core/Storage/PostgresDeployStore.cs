using Npgsql;
using NpgsqlTypes;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>
/// Deploys in the shared PostgreSQL store, so a deploy posted to one instance is seen by every instance on the database.
/// Same table and rules as <see cref="SqliteDeployStore"/> (times to the second; a deploy already recorded is left as it
/// was); the table comes with the schema migrations.
/// </summary>
public sealed class PostgresDeployStore : IDeployStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;

    public PostgresDeployStore(string connectionString, TimeProvider? clock = null)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _clock = clock ?? TimeProvider.System;
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        PostgresMigrator.MigrateAsync(_dataSource, PostgresSchema.Migrations.Count, cancellationToken);

    public async Task<int> UpsertAsync(IReadOnlyCollection<Deploy> deploys, CancellationToken cancellationToken = default)
    {
        if (deploys.Count == 0)
            return 0;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // One statement for the batch; DO NOTHING also keeps the first of two equal deploys within it.
        await using var insert = new NpgsqlCommand("""
            INSERT INTO deploys(env, service, version, ts, source, recorded_at)
            SELECT d.env, d.service, d.version, d.ts, d.source, @now
            FROM unnest(@env, @service, @version, @ts, @source) WITH ORDINALITY AS d(env, service, version, ts, source, ord)
            ORDER BY d.ord
            ON CONFLICT DO NOTHING;
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter("@env", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = deploys.Select(d => d.Environment).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("@service", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = deploys.Select(d => d.Service).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("@version", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = deploys.Select(d => d.Version).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("@ts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = deploys.Select(d => d.At.ToUnixTimeSeconds()).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("@source", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = deploys.Select(d => d.Source).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<long>("@now", _clock.GetUtcNow().ToUnixTimeSeconds()));
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Deploy>> ListAsync(string environment, TimeWindow window, string? service = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var query = new NpgsqlCommand("SELECT env, service, version, ts, source FROM deploys WHERE env = @env AND ts >= @from AND ts < @to"
            + (service is null ? "" : " AND service = @service") + " ORDER BY ts, service, version;", connection);
        query.Parameters.AddWithValue("@env", environment);
        query.Parameters.AddWithValue("@from", window.Start.ToUnixTimeSeconds());
        query.Parameters.AddWithValue("@to", window.End.ToUnixTimeSeconds());
        if (service is not null)
            query.Parameters.AddWithValue("@service", service);
        var result = new List<Deploy>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new Deploy(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3)), reader.GetString(4)));
        return result;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
