using OpsReport.Core.Security;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Security;

/// <summary>The API token store contract on a temporary SQLite file.</summary>
public sealed class SqliteApiTokenStoreTests : ApiTokenStoreContractTests
{
    private readonly TempStore _temp = new();

    protected override async Task<IApiTokenStore> CreateStoreAsync()
    {
        await _temp.InitializeAsync();
        return OpenSecondStore();
    }

    protected override IApiTokenStore OpenSecondStore() => new SqliteApiTokenStore(_temp.DatabasePath);

    protected override async Task<IReadOnlyList<string>> ReadRawTokenRowsAsync()
    {
        await using var connection = _temp.OpenRawConnection();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT name, role, hash, created FROM api_tokens;";
        var values = new List<string>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.AddRange(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!));
        return values;
    }

    public override Task DisposeAsync() => _temp.DisposeAsync();
}
