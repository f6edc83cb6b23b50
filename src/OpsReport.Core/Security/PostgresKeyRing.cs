using Npgsql;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Security;

/// <summary>
/// The data-protection key ring in the shared PostgreSQL store: every instance on the database reads the same keys, so
/// antiforgery tokens and sign-in cookies issued by one are accepted by all, and a restart keeps them valid.
/// </summary>
/// <remarks>
/// Synchronous because ASP.NET Core's key repository contract is; it is called when the ring is loaded or a key is
/// created (about every 90 days), never per request. The XML is never logged.
/// </remarks>
public sealed class PostgresKeyRing : IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private volatile bool _migrated;

    public PostgresKeyRing(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <summary>Every key's XML, oldest first.</summary>
    public IReadOnlyList<string> ReadAll()
    {
        using var connection = Open();
        using var select = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY created, name;", connection);
        using var reader = select.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
            keys.Add(reader.GetString(0));
        return keys;
    }

    /// <summary>Adds a key; a name already stored (another instance wrote the same key) is left as it is.</summary>
    public void Add(string name, string xml, DateTimeOffset now)
    {
        using var connection = Open();
        using var insert = new NpgsqlCommand("INSERT INTO data_protection_keys(name, xml, created) VALUES (@n, @x, @c) ON CONFLICT (name) DO NOTHING;", connection);
        insert.Parameters.AddWithValue("@n", name);
        insert.Parameters.AddWithValue("@x", xml);
        insert.Parameters.AddWithValue("@c", now.ToUnixTimeMilliseconds());
        insert.ExecuteNonQuery();
    }

    public void Dispose() => _dataSource.Dispose();

    private NpgsqlConnection Open()
    {
        if (!_migrated)
        {
            PostgresMigrator.MigrateAsync(_dataSource, PostgresSchema.Migrations.Count, CancellationToken.None).GetAwaiter().GetResult();
            _migrated = true;
        }
        return _dataSource.OpenConnection();
    }
}
