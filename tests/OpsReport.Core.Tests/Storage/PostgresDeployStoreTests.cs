using OpsReport.Core.Storage;
using OpsReport.Tests.Support;

namespace OpsReport.Core.Tests.Storage;

/// <summary>The deploy store contract on PostgreSQL (a fresh database per test on the test server).</summary>
public sealed class PostgresDeployStoreTests : DeployStoreContractTests
{
    private readonly List<PostgresDeployStore> _stores = [];
    private string _connectionString = "";

    protected override async Task<IDeployStore> CreateStoreAsync()
    {
        _connectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        return await OpenSecondStoreAsync();
    }

    protected override async Task<IDeployStore> OpenSecondStoreAsync()
    {
        var store = new PostgresDeployStore(_connectionString);
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();
    }
}
