using Microsoft.Data.Sqlite;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Tests.Support;

/// <summary>A real SQLite store in a temporary directory, deleted on dispose.</summary>
internal sealed class TempStore : IAsyncDisposable
{
    private readonly string _directory;

    private TempStore(string directory, SqliteMetricStore store)
    {
        _directory = directory;
        Store = store;
    }

    public SqliteMetricStore Store { get; }

    public static async Task<TempStore> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "opsreport-collectors-tests", Guid.NewGuid().ToString("N"));
        var store = new SqliteMetricStore(Path.Combine(directory, "opsreport.db"));
        await store.InitializeAsync();
        return new TempStore(directory, store);
    }

    /// <summary>Every stored point as (series key, epoch seconds, value), ordered.</summary>
    public async Task<List<(string Key, long Ts, double Value)>> DumpAsync()
    {
        var rows = new List<(string, long, double)>();
        await using var connection = new SqliteConnection($"Data Source={Store.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT s.key, p.ts, p.value FROM points p JOIN series s ON s.id = p.series_id ORDER BY s.key, p.ts;";
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may linger a moment on some platforms; a leftover temp file is harmless.
        }
    }
}
