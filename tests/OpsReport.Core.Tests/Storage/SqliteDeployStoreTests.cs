using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Storage;

public sealed class SqliteDeployStoreTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 19, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UpsertAsync_SameDeployTwice_KeptOnceAndCountedOnceAsNew()
    {
        var temp = new TempStore();
        await temp.InitializeAsync();
        try
        {
            var store = new SqliteDeployStore(temp.DatabasePath);
            await store.InitializeAsync();
            await store.InitializeAsync(); // safe on every start
            var deploy = new Deploy("prod", "api", "1.4.2", T, Deploy.SourceApi);

            var first = await store.UpsertAsync([deploy, deploy with { Version = "1.4.3", At = T.AddHours(1) }]);
            // The same deploy heard from ECS a moment later (sub-second time): still the same deploy.
            var again = await store.UpsertAsync([deploy with { Source = Deploy.SourceEcs, At = T.AddMilliseconds(400) }]);

            Assert.Equal(2, first);
            Assert.Equal(0, again);
            var all = await store.ListAsync("prod", new TimeWindow(T.AddDays(-1), T.AddDays(1)));
            Assert.Equal([deploy, deploy with { Version = "1.4.3", At = T.AddHours(1) }], all);
        }
        finally
        {
            await temp.DisposeAsync();
        }
    }

    [Fact]
    public async Task ListAsync_WindowEnvironmentAndService_HalfOpenWindowOthersLeftOut()
    {
        var temp = new TempStore();
        await temp.InitializeAsync();
        try
        {
            var store = new SqliteDeployStore(temp.DatabasePath);
            await store.InitializeAsync();
            await store.UpsertAsync(
            [
                new Deploy("prod", "api", "a", T, Deploy.SourceDemo),
                new Deploy("prod", "web", "b", T.AddMinutes(30), Deploy.SourceDemo),
                new Deploy("prod", "api", "c", T.AddHours(1), Deploy.SourceDemo),
                new Deploy("staging", "api", "d", T.AddMinutes(10), Deploy.SourceDemo),
            ]);

            var window = new TimeWindow(T, T.AddHours(1));

            Assert.Equal(["a", "b"], (await store.ListAsync("prod", window)).Select(d => d.Version));
            Assert.Equal(["a"], (await store.ListAsync("prod", window, "api")).Select(d => d.Version));
            Assert.Equal(["d"], (await store.ListAsync("staging", window)).Select(d => d.Version));
            Assert.Empty(await store.ListAsync("demo", window));
        }
        finally
        {
            await temp.DisposeAsync();
        }
    }
}
