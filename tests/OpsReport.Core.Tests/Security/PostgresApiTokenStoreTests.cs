using System.Globalization;
using Npgsql;
using OpsReport.Core.Security;
using OpsReport.Tests.Support;

namespace OpsReport.Core.Tests.Security;

/// <summary>The API token store contract on PostgreSQL (a fresh database per test on the test server).</summary>
public sealed class PostgresApiTokenStoreTests : ApiTokenStoreContractTests
{
    private readonly List<PostgresApiTokenStore> _stores = [];
    private string _connectionString = "";

    protected override async Task<IApiTokenStore> CreateStoreAsync()
    {
        _connectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        return OpenSecondStore();
    }

    protected override IApiTokenStore OpenSecondStore()
    {
        var store = new PostgresApiTokenStore(_connectionString);
        _stores.Add(store);
        return store;
    }

    protected override async Task<IReadOnlyList<string>> ReadRawTokenRowsAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT name, role, hash, created FROM api_tokens;", connection);
        var values = new List<string>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.AddRange(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!));
        return values;
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();
    }
}
