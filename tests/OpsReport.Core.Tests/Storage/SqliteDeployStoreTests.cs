using OpsReport.Core.Storage;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Storage;

/// <summary>The deploy store contract on a temporary SQLite file.</summary>
public sealed class SqliteDeployStoreTests : DeployStoreContractTests
{
    private readonly TempStore _temp = new();

    protected override async Task<IDeployStore> CreateStoreAsync()
    {
        await _temp.InitializeAsync();
        return await OpenSecondStoreAsync();
    }

    protected override async Task<IDeployStore> OpenSecondStoreAsync()
    {
        var store = new SqliteDeployStore(_temp.DatabasePath);
        await store.InitializeAsync();
        return store;
    }

    public override Task DisposeAsync() => _temp.DisposeAsync();
}
