using OpsReport.Core.Domain;
using OpsReport.Core.Security;
using OpsReport.Core.Storage;
using OpsReport.Core.Tests.Support;
using OpsReport.Tests.Support;

namespace OpsReport.Core.Tests.Storage;

public sealed class StoreCopierTests
{
    private static readonly DateTimeOffset T0 = Utc.At("2026-11-16T00:00Z");

    [Fact]
    public async Task CopyAsync_SqliteIntoPostgresTwice_TargetHoldsOneCopyOfEveryTable()
    {
        var temp = new TempStore();
        await temp.InitializeAsync();
        try
        {
            var source = temp.Store;
            var stream = new StreamId("demo", "prod", "latency");
            var key = new SeriesKey(Metrics.Requests, Resolution.Hour, (Dims.Env, "prod"));
            await source.CommitAsync([new SeriesPoints(key, Enumerable.Range(0, 48).Select(i => new Point(T0.AddHours(i), i * 1.5)).ToList())], new WatermarkUpdate(stream, T0.AddHours(48)));
            var run = await source.StartRunAsync(stream, new TimeWindow(T0, T0.AddHours(48)), T0);
            await source.FinishRunAsync(run, RunStatus.Succeeded, 48, new ApiUsage(2, 10, 0, 0.02m), null, T0.AddSeconds(3));
            await source.SetSettingAsync("demo.anchor", "2026-11-16T00:00:00Z");
            await source.SaveDeliveryAsync(new DeliveryRecord("k", "weekly", "prod", "2026-W47", null, "a@example.com", DeliveryStatus.Sent, 1, null, null, "outbox/a.eml", T0));
            var deploy = new Deploy("prod", "api", "1.4.2", T0.AddHours(5), Deploy.SourceApi);
            var sourceDeploys = new SqliteDeployStore(temp.DatabasePath);
            await sourceDeploys.InitializeAsync();
            await sourceDeploys.UpsertAsync([deploy, deploy with { Service = "web", At = T0.AddHours(6) }]);
            var token = await new SqliteApiTokenStore(temp.DatabasePath).CreateAsync("ci", ApiRole.Operator, T0);
            var database = await PostgresServer.Shared.CreateDatabaseAsync();
            await using var target = new PostgresMetricStore(database);
            await target.InitializeAsync();

            var first = await StoreCopier.CopyAsync(source, target);
            var second = await StoreCopier.CopyAsync(source, target);

            Assert.Equal(first.Select(t => (t.Table, t.TargetRows)), second.Select(t => (t.Table, t.TargetRows)));
            var rows = second.ToDictionary(t => t.Table, t => t.TargetRows);
            Assert.Equal(1, rows["series"]);
            Assert.Equal(48, rows["points"]);
            Assert.Equal(1, rows["watermarks"]);
            Assert.Equal(1, rows["runs"]);
            Assert.Equal(1, rows["settings"]);
            Assert.Equal(1, rows["deliveries"]);
            Assert.Equal(2, rows["deploys"]);
            Assert.Equal(1, rows["api_tokens"]);
            Assert.Equal((await source.QueryAsync(key, new TimeWindow(T0, T0.AddDays(3)))).Points, (await target.QueryAsync(key, new TimeWindow(T0, T0.AddDays(3)))).Points);
            Assert.Equal(T0.AddHours(48), await target.GetWatermarkAsync(stream));
            var copied = Assert.Single(await target.GetRunsAsync());
            Assert.Equal(new ApiUsage(2, 10, 0, 0.02m), copied.Usage);
            Assert.Equal("outbox/a.eml", (await target.GetDeliveryAsync("k"))!.Location);
            await using var targetDeploys = new PostgresDeployStore(database);
            Assert.Equal([deploy, deploy with { Service = "web", At = T0.AddHours(6) }], await targetDeploys.ListAsync("prod", new TimeWindow(T0, T0.AddDays(1))));
            // The token made before the move still signs in afterwards: its hash was copied.
            await using var targetTokens = new PostgresApiTokenStore(database);
            Assert.Equal(new ApiToken("ci", ApiRole.Operator, T0), await targetTokens.FindAsync(token));
        }
        finally
        {
            await temp.DisposeAsync();
        }
    }
}
