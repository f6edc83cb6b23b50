using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Tests.Support;
using OpsReport.Tests.Support;

namespace OpsReport.Core.Tests.Storage;

public sealed class StoreRegistrationTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 19, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddOpsReportCore_ProviderPostgres_DeploysGoToTheSharedDatabaseNotTheDataFolder()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        var temp = new TempStore();
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["OpsReport:DataDir"] = temp.Directory,
                ["OpsReport:Store:Provider"] = "Postgres",
                ["OpsReport:Store:ConnectionString"] = database,
            }).Build();
            await using var provider = new ServiceCollection().AddOpsReportCore(configuration).BuildServiceProvider();
            var deploy = new Deploy("prod", "api", "3.1.0", T, Deploy.SourceApi);

            await provider.GetRequiredService<IDeployStore>().UpsertAsync([deploy]);

            await using var direct = new PostgresDeployStore(database);
            Assert.Equal([deploy], await direct.ListAsync("prod", new TimeWindow(T, T.AddHours(1))));
            Assert.False(File.Exists(temp.DatabasePath));
        }
        finally
        {
            await temp.DisposeAsync();
        }
    }
}
