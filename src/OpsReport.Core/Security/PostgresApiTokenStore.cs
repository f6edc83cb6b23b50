using Npgsql;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Security;

/// <summary>
/// API tokens in the shared PostgreSQL store, so a token created through one instance is accepted by every instance on the
/// database. Same rules as <see cref="SqliteApiTokenStore"/>: only the token's hash is kept. The table comes with the schema
/// migrations, applied on first use if no other store of this process has applied them yet.
/// </summary>
public sealed class PostgresApiTokenStore : IApiTokenStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private volatile bool _migrated;

    public PostgresApiTokenStore(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<string> CreateAsync(string name, ApiRole role, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ApiTokenText.ThrowIfInvalidName(name);
        var token = ApiTokenText.NewToken();
        await using var connection = await OpenAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("INSERT INTO api_tokens(name, role, hash, created) VALUES (@n, @r, @h, @c);", connection);
        insert.Parameters.AddWithValue("@n", name);
        insert.Parameters.AddWithValue("@r", ApiTokenText.RoleText(role));
        insert.Parameters.AddWithValue("@h", ApiTokenText.Hash(token));
        insert.Parameters.AddWithValue("@c", now.ToUnixTimeSeconds());
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw ApiTokenText.NameTaken(name, e);
        }
        return token;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand("SELECT name, role, created FROM api_tokens ORDER BY name;", connection);
        var tokens = new List<ApiToken>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            tokens.Add(Read(reader));
        return tokens;
    }

    public async Task<bool> RevokeAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var delete = new NpgsqlCommand("DELETE FROM api_tokens WHERE name = @n;", connection);
        delete.Parameters.AddWithValue("@n", name);
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<ApiToken?> FindAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!ApiTokenText.CanBeToken(token))
            return null;
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand("SELECT name, role, created FROM api_tokens WHERE hash = @h;", connection);
        select.Parameters.AddWithValue("@h", ApiTokenText.Hash(token));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// Adds tokens copied from another store by their hashes; a name already here is left as it is, so a copy can be
    /// repeated. Returns how many were added.
    /// </summary>
    internal async Task<int> ImportAsync(IReadOnlyCollection<StoredApiToken> tokens, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("INSERT INTO api_tokens(name, role, hash, created) VALUES (@n, @r, @h, @c) ON CONFLICT DO NOTHING;", connection, tx);
        var name = insert.Parameters.Add(new NpgsqlParameter<string>("@n", ""));
        var role = insert.Parameters.Add(new NpgsqlParameter<string>("@r", ""));
        var hash = insert.Parameters.Add(new NpgsqlParameter<string>("@h", ""));
        var created = insert.Parameters.Add(new NpgsqlParameter<long>("@c", 0L));
        var added = 0;
        foreach (var t in tokens)
        {
            name.Value = t.Token.Name;
            role.Value = ApiTokenText.RoleText(t.Token.Role);
            hash.Value = t.Hash;
            created.Value = t.Token.Created.ToUnixTimeSeconds();
            added += await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return added;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static ApiToken Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        ApiTokenText.ParseRole(reader.GetString(1)),
        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)));

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await PostgresMigrator.MigrateAsync(_dataSource, PostgresSchema.Migrations.Count, cancellationToken);
            _migrated = true;
        }
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }
}
