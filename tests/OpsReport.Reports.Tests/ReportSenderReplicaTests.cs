using Microsoft.Extensions.DependencyInjection;
using OpsReport.Core.Storage;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Tests.Support;
using OpsReport.Tests.Support;
using Xunit.Abstractions;

namespace OpsReport.Reports.Tests;

/// <summary>Two instances on one PostgreSQL database sending the same report and period at once: one email goes out.</summary>
public sealed class ReportSenderReplicaTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SendAsync_TwoInstancesOnOnePostgresDatabaseAtOnce_DeliverOneEmail()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var firstStore = new PostgresMetricStore(database);
        await using var secondStore = new PostgresMetricStore(database);
        await firstStore.InitializeAsync();
        await WeeklyDataset.SeedAsync(firstStore);
        await using var first = await ReportTestHost.CreateAsync(seed: false, configure: s => s.AddSingleton<IMetricStore>(firstStore));
        await using var second = await ReportTestHost.CreateAsync(seed: false, configure: s => s.AddSingleton<IMetricStore>(secondStore));
        var request = new ReportRequest("weekly", Period: WeeklyDataset.Period);

        var results = await Task.WhenAll(
            Task.Run(() => first.Get<ReportSender>().SendAsync(request)),
            Task.Run(() => second.Get<ReportSender>().SendAsync(request)));

        foreach (var result in results)
            output.WriteLine($"{result.Status}: {result.Message}");
        Assert.Single(results, r => r.Status == SendStatus.Sent);
        Assert.Single(results, r => r.Status is SendStatus.InProgress or SendStatus.AlreadySent);
        var emails = new[] { first.Outbox, second.Outbox }.Where(Directory.Exists).SelectMany(d => Directory.GetFiles(d, "*.eml")).ToList();
        Assert.Single(emails);
        var delivery = Assert.Single(await firstStore.GetDeliveriesAsync());
        Assert.Equal(Core.Domain.DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(1, delivery.Attempts);
    }
}
