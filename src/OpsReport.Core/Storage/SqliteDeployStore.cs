using System.Globalization;
using Microsoft.Data.Sqlite;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>
/// Deploys in the embedded SQLite file, in a table of their own that this class creates (outside the series migrations,
/// so another store can take the same few statements over unchanged).
/// </summary>
public sealed class SqliteDeployStore : IDeployStore
{
    // Times are whole seconds: ECS and Datadog give sub-second times, a CI call may not, and the same deploy must match.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS deploys (
            env TEXT NOT NULL,
            service TEXT NOT NULL,
            version TEXT NOT NULL,
            ts INTEGER NOT NULL,            -- UTC epoch seconds
            source TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,   -- UTC epoch seconds
            PRIMARY KEY (env, service, version, ts)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS deploys_env_ts ON deploys(env, ts);
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _clock;

    public SqliteDeployStore(string databasePath, TimeProvider? clock = null)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _clock = clock ?? TimeProvider.System;
        _connectionString = SqliteConnectionStrings.For(DatabasePath);
    }

    public string DatabasePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = SqliteConnectionStrings.NewFilePragmas + Schema;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> UpsertAsync(IReadOnlyCollection<Deploy> deploys, CancellationToken cancellationToken = default)
    {
        if (deploys.Count == 0)
            return 0;
        using var gate = await SqliteWriteGate.EnterAsync(SqliteWriteGate.For(DatabasePath), cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO deploys(env, service, version, ts, source, recorded_at) VALUES ($env, $service, $version, $ts, $source, $now) ON CONFLICT DO NOTHING;";
        var env = insert.Parameters.Add("$env", SqliteType.Text);
        var service = insert.Parameters.Add("$service", SqliteType.Text);
        var version = insert.Parameters.Add("$version", SqliteType.Text);
        var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
        var source = insert.Parameters.Add("$source", SqliteType.Text);
        insert.Parameters.AddWithValue("$now", _clock.GetUtcNow().ToUnixTimeSeconds());
        var added = 0;
        foreach (var d in deploys)
        {
            env.Value = d.Environment;
            service.Value = d.Service;
            version.Value = d.Version;
            ts.Value = d.At.ToUnixTimeSeconds();
            source.Value = d.Source;
            added += await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<IReadOnlyList<Deploy>> ListAsync(string environment, TimeWindow window, string? service = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT env, service, version, ts, source FROM deploys WHERE env = $env AND ts >= $from AND ts < $to"
            + (service is null ? "" : " AND service = $service") + " ORDER BY ts, service, version;";
        query.Parameters.AddWithValue("$env", environment);
        query.Parameters.AddWithValue("$from", window.Start.ToUnixTimeSeconds());
        query.Parameters.AddWithValue("$to", window.End.ToUnixTimeSeconds());
        if (service is not null)
            query.Parameters.AddWithValue("$service", service);
        return await ReadAsync(query, cancellationToken);
    }

    /// <summary>Every deploy of every environment, for <c>store copy</c> (an empty list when the table was never created).</summary>
    internal async Task<IReadOnlyList<Deploy>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT env, service, version, ts, source FROM deploys ORDER BY env, ts, service, version;";
        return await ReadAsync(query, cancellationToken);
    }

    private static async Task<IReadOnlyList<Deploy>> ReadAsync(SqliteCommand query, CancellationToken cancellationToken)
    {
        var result = new List<Deploy>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new Deploy(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture)), reader.GetString(4)));
        }
        return result;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = SqliteConnectionStrings.BusyTimeoutPragma;
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
