using System.Globalization;
using Npgsql;

namespace OpsReport.Core.Storage;

/// <summary>
/// Applies <see cref="PostgresSchema"/> up to a version, each migration in a transaction holding the migration lock, so
/// instances and stores starting together apply each once. Every PostgreSQL store calls it, so whichever opens first migrates.
/// </summary>
internal static class PostgresMigrator
{
    // An arbitrary constant naming this application's migration lock (pg_advisory_xact_lock takes one bigint).
    private const long MigrationLock = 0x4F70735265706F01;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, int version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLock.ToString(CultureInfo.InvariantCulture)});", cancellationToken);
            await ExecuteAsync(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
            int current;
            await using (var query = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;", connection, tx))
                current = Convert.ToInt32(await query.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (current >= version)
            {
                await tx.CommitAsync(cancellationToken);
                return;
            }
            await ExecuteAsync(connection, tx, PostgresSchema.Migrations[current], cancellationToken);
            await ExecuteAsync(connection, tx, $"INSERT INTO schema_version(version) VALUES ({(current + 1).ToString(CultureInfo.InvariantCulture)});", cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
