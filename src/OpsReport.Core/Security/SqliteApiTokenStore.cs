using Microsoft.Data.Sqlite;

namespace OpsReport.Core.Security;

/// <summary>
/// API tokens in their own table of the SQLite store file (created on first use, additive: nothing else in the file is
/// touched). Only the token's hash is kept (see <see cref="ApiTokenText"/>).
/// </summary>
public sealed class SqliteApiTokenStore(string databasePath) : IApiTokenStore
{
    public const string Prefix = ApiTokenText.Prefix;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(databasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        DefaultTimeout = 30,
    }.ToString();

    private volatile bool _created;

    public async Task<string> CreateAsync(string name, ApiRole role, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ApiTokenText.ThrowIfInvalidName(name);
        var token = ApiTokenText.NewToken();
        await using var connection = await OpenAsync(cancellationToken);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO api_tokens(name, role, hash, created) VALUES ($n, $r, $h, $c);";
        insert.Parameters.AddWithValue("$n", name);
        insert.Parameters.AddWithValue("$r", ApiTokenText.RoleText(role));
        insert.Parameters.AddWithValue("$h", Hash(token));
        insert.Parameters.AddWithValue("$c", now.ToUnixTimeSeconds());
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw ApiTokenText.NameTaken(name, e);
        }
        return token;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await ReadAllAsync(cancellationToken)).Select(t => t.Token)];

    public async Task<bool> RevokeAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM api_tokens WHERE name = $n;";
        delete.Parameters.AddWithValue("$n", name);
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<ApiToken?> FindAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!ApiTokenText.CanBeToken(token))
            return null;
        await using var connection = await OpenAsync(cancellationToken);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT name, role, created FROM api_tokens WHERE hash = $h;";
        select.Parameters.AddWithValue("$h", Hash(token));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public static bool IsValidName(string name) => ApiTokenText.IsValidName(name);

    /// <summary>Every token with its hash, for <c>store copy</c>.</summary>
    internal async Task<IReadOnlyList<StoredApiToken>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT name, role, created, hash FROM api_tokens ORDER BY name;";
        var tokens = new List<StoredApiToken>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            tokens.Add(new StoredApiToken(Read(reader), reader.GetString(3)));
        return tokens;
    }

    private static string Hash(string token) => ApiTokenText.Hash(token);

    private static ApiToken Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        ApiTokenText.ParseRole(reader.GetString(1)),
        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)));

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(_connectionString).DataSource)!);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (!_created)
        {
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE IF NOT EXISTS api_tokens (name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created INTEGER NOT NULL);";
            await create.ExecuteNonQueryAsync(cancellationToken);
            _created = true;
        }
        return connection;
    }
}
