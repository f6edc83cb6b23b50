using Microsoft.Extensions.Options;
using OpsReport.Collectors.Sources;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Web.Pages;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>Each feed is judged against its own schedule: a daily feed that ends at today's billing date is on time.</summary>
public sealed class FeedScheduleTests : IDisposable
{
    // 15:20 in Tokyo: the hourly feeds can reach 15:00, the daily cost feed today's UTC date (09:00 in Tokyo).
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 6, 20, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task ForAsync_DailyCostAtTodaysDateAndHourlyAtTheLastHour_NothingIsLate()
    {
        var feeds = await FeedsAsync(latency: Now.AddMinutes(-20), cost: new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(["latency", "cost"], feeds.Select(f => f.Name));
        Assert.All(feeds, f => Assert.False(f.Late, f.Name + " is not late"));
    }

    [Fact]
    public async Task ForAsync_HourlyFeedSixHoursBehind_OnlyThatFeedIsLate()
    {
        var feeds = await FeedsAsync(latency: Now.AddMinutes(-20).AddHours(-6), cost: new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

        Assert.True(feeds.Single(f => f.Name == "latency").Late);
        Assert.False(feeds.Single(f => f.Name == "cost").Late);
        Assert.Equal(Now.AddMinutes(-20).AddHours(-6), feeds.Single(f => f.Name == "latency").CollectedUntil);
    }

    [Fact]
    public async Task ForAsync_DailyFeedTwoDatesBehind_IsLate()
    {
        var feeds = await FeedsAsync(latency: Now.AddMinutes(-20), cost: new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.True(feeds.Single(f => f.Name == "cost").Late);
        Assert.False(feeds.Single(f => f.Name == "latency").Late);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<IReadOnlyList<FeedState>> FeedsAsync(DateTimeOffset latency, DateTimeOffset cost)
    {
        var store = new SqliteMetricStore(Path.Combine(_dir.Path, Guid.NewGuid().ToString("N") + ".db"));
        await store.InitializeAsync();
        var source = new FakeSource();
        await store.CommitAsync([], new WatermarkUpdate(new StreamId(source.Name, "prod", "latency"), latency));
        await store.CommitAsync([], new WatermarkUpdate(new StreamId(source.Name, "prod", "cost"), cost));
        await store.CommitAsync([], new WatermarkUpdate(new StreamId(source.Name, "staging", "latency"), latency.AddDays(-3)));
        var schedule = new FeedSchedule(store, [source], Options.Create(new OpsReportOptions()));
        return await schedule.ForAsync("prod", Now, CancellationToken.None);
    }

    private sealed class FakeSource : ISource
    {
        public string Name => "fake";

        public IReadOnlyList<SourceStream> GetStreams(string environment) =>
        [
            new(Name, environment, "latency", TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.Zero),
            new(Name, environment, "cost", TimeSpan.FromDays(1), TimeSpan.FromDays(31), TimeSpan.Zero),
        ];

        public Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken) => Task.FromResult(SourceBatch.Empty);
    }
}
