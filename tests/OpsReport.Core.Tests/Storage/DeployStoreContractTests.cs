using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Tests.Storage;

/// <summary>The deploy store contract, run against each store (one subclass per store, each with its own fixture).</summary>
public abstract class DeployStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T = new(2026, 11, 19, 2, 0, 0, TimeSpan.Zero);

    /// <summary>A new, initialized store over an empty database.</summary>
    protected abstract Task<IDeployStore> CreateStoreAsync();

    /// <summary>A second, initialized store object over the same database, as another instance would open it.</summary>
    protected abstract Task<IDeployStore> OpenSecondStoreAsync();

    protected IDeployStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task UpsertAsync_SameDeployTwice_KeptOnceAndCountedOnceAsNew()
    {
        await Store.InitializeAsync(); // safe on every start
        var deploy = new Deploy("prod", "api", "1.4.2", T, Deploy.SourceApi);

        var first = await Store.UpsertAsync([deploy, deploy with { Version = "1.4.3", At = T.AddHours(1) }]);
        // The same deploy heard from ECS a moment later (sub-second time): still the same deploy.
        var again = await Store.UpsertAsync([deploy with { Source = Deploy.SourceEcs, At = T.AddMilliseconds(400) }]);

        Assert.Equal(2, first);
        Assert.Equal(0, again);
        var all = await Store.ListAsync("prod", new TimeWindow(T.AddDays(-1), T.AddDays(1)));
        Assert.Equal([deploy, deploy with { Version = "1.4.3", At = T.AddHours(1) }], all);
    }

    [Fact]
    public async Task UpsertAsync_SameDeployTwiceInOneBatch_KeptOnceFirstSourceWins()
    {
        var deploy = new Deploy("prod", "api", "1.4.2", T, Deploy.SourceApi);

        var added = await Store.UpsertAsync([deploy, deploy with { Source = Deploy.SourceEcs }]);

        Assert.Equal(1, added);
        Assert.Equal([deploy], await Store.ListAsync("prod", new TimeWindow(T, T.AddHours(1))));
    }

    [Fact]
    public async Task ListAsync_WindowEnvironmentAndService_HalfOpenWindowOthersLeftOut()
    {
        await Store.UpsertAsync(
        [
            new Deploy("prod", "api", "a", T, Deploy.SourceDemo),
            new Deploy("prod", "web", "b", T.AddMinutes(30), Deploy.SourceDemo),
            new Deploy("prod", "api", "c", T.AddHours(1), Deploy.SourceDemo),
            new Deploy("staging", "api", "d", T.AddMinutes(10), Deploy.SourceDemo),
        ]);

        var window = new TimeWindow(T, T.AddHours(1));

        Assert.Equal(["a", "b"], (await Store.ListAsync("prod", window)).Select(d => d.Version));
        Assert.Equal(["a"], (await Store.ListAsync("prod", window, "api")).Select(d => d.Version));
        Assert.Equal(["d"], (await Store.ListAsync("staging", window)).Select(d => d.Version));
        Assert.Empty(await Store.ListAsync("demo", window));
    }

    [Fact]
    public async Task UpsertAsync_ThroughOneStoreObject_SeenThroughASecondOnTheSameDatabase()
    {
        var deploy = new Deploy("prod", "api", "2.0.0", T, Deploy.SourceApi);
        var second = await OpenSecondStoreAsync();

        await Store.UpsertAsync([deploy]);

        Assert.Equal([deploy], await second.ListAsync("prod", new TimeWindow(T, T.AddHours(1))));
        Assert.Equal(0, await second.UpsertAsync([deploy]));
    }
}
