using OpsReport.Core.Security;

namespace OpsReport.Core.Tests.Security;

/// <summary>The API token store contract, run against each store (one subclass per store, each with its own fixture).</summary>
public abstract class ApiTokenStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 19, 2, 0, 0, TimeSpan.Zero);

    /// <summary>A new store over an empty database.</summary>
    protected abstract Task<IApiTokenStore> CreateStoreAsync();

    /// <summary>A second store object over the same database, as another instance would open it.</summary>
    protected abstract IApiTokenStore OpenSecondStore();

    /// <summary>Every value of every row of the tokens table, as text, read directly from the database.</summary>
    protected abstract Task<IReadOnlyList<string>> ReadRawTokenRowsAsync();

    protected IApiTokenStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task CreateAsync_ThenFind_ReturnsNameRoleAndCreatedTime()
    {
        var token = await Store.CreateAsync("ci-deploys", ApiRole.Operator, Now);

        Assert.StartsWith("opsr_", token, StringComparison.Ordinal);
        Assert.Equal(new ApiToken("ci-deploys", ApiRole.Operator, Now), await Store.FindAsync(token));
        Assert.Equal([new ApiToken("ci-deploys", ApiRole.Operator, Now)], await Store.ListAsync());
    }

    [Fact]
    public async Task CreateAsync_TokenText_NeverStoredOnlyItsHash()
    {
        var token = await Store.CreateAsync("script", ApiRole.Viewer, Now);

        var rows = await ReadRawTokenRowsAsync();

        Assert.NotEmpty(rows);
        Assert.DoesNotContain(rows, value => value.Contains(token[ApiTokenPrefixLength..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindAsync_UnknownForeignOrRevokedToken_ReturnsNull()
    {
        var token = await Store.CreateAsync("script", ApiRole.Viewer, Now);
        await Store.CreateAsync("other", ApiRole.Viewer, Now);

        Assert.Null(await Store.FindAsync(token + "x"));
        Assert.Null(await Store.FindAsync("Bearer-not-ours"));
        Assert.True(await Store.RevokeAsync("script"));
        Assert.False(await Store.RevokeAsync("script"));
        Assert.Null(await Store.FindAsync(token));
        Assert.Equal(["other"], (await Store.ListAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task CreateAsync_NameTakenOrInvalid_ThrowsNamingTheName()
    {
        await Store.CreateAsync("script", ApiRole.Viewer, Now);

        var taken = await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync("script", ApiRole.Operator, Now));
        var invalid = await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync("has space", ApiRole.Viewer, Now));

        Assert.Contains("'script' exists already", taken.Message, StringComparison.Ordinal);
        Assert.Contains("'has space'", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(ApiRole.Viewer, Assert.Single(await Store.ListAsync()).Role);
    }

    [Fact]
    public async Task CreateAsync_ThroughOneStoreObject_AcceptedAndRevokedThroughASecondOnTheSameDatabase()
    {
        var token = await Store.CreateAsync("dashboard", ApiRole.Viewer, Now);
        var second = OpenSecondStore();

        Assert.Equal(new ApiToken("dashboard", ApiRole.Viewer, Now), await second.FindAsync(token));
        Assert.True(await second.RevokeAsync("dashboard"));
        Assert.Null(await Store.FindAsync(token));
    }

    private static int ApiTokenPrefixLength => SqliteApiTokenStore.Prefix.Length;
}
