using System.Globalization;
using OpsReport.Collectors.Sources;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;

namespace OpsReport.Collectors.Tests.Demo;

public sealed class DemoSourceTests
{
    private static readonly DateTimeOffset End = TimeWindow.FloorToHour(DemoSetup.Now);

    [Fact]
    public async Task CollectAsync_SameSeedAndAnchor_IdenticalPoints()
    {
        await using var a = await TempStore.CreateAsync();
        await using var b = await TempStore.CreateAsync();
        var window = new TimeWindow(End.AddDays(-3), End);

        var first = await CollectAllAsync(DemoSetup.Source(a.Store, new ManualTimeProvider(DemoSetup.Now)), [window]);
        var second = await CollectAllAsync(DemoSetup.Source(b.Store, new ManualTimeProvider(DemoSetup.Now)), [window]);

        Assert.True(first.Count > 100_000);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task CollectAsync_DifferentSeed_DifferentValues()
    {
        await using var a = await TempStore.CreateAsync();
        await using var b = await TempStore.CreateAsync();
        var window = new TimeWindow(End.AddDays(-1), End);

        var first = await CollectAllAsync(DemoSetup.Source(a.Store, new ManualTimeProvider(DemoSetup.Now)), [window]);
        var second = await CollectAllAsync(DemoSetup.Source(b.Store, new ManualTimeProvider(DemoSetup.Now), DemoSetup.Options(seed: 7)), [window]);

        // Hours without requests have no percentiles, so the two seeds share most but not all points.
        var common = first.Keys.Where(second.ContainsKey).ToList();
        Assert.True(common.Count > first.Count * 9 / 10);
        Assert.True(common.Count(k => first[k] != second[k]) > common.Count / 2);
    }

    [Fact]
    public async Task CollectAsync_ThirtyFiveDaysInOnePassOrInSmallWindows_IdenticalPoints()
    {
        await using var a = await TempStore.CreateAsync();
        await using var b = await TempStore.CreateAsync();
        var whole = new TimeWindow(End.AddDays(-35), End);
        // Irregular windows that start and end at odd hours, across local days, ISO weeks and UTC days.
        var pieces = new List<TimeWindow>();
        int[] lengths = [1, 5, 13, 29, 7, 47, 3, 19];
        for (var (start, i) = (whole.Start, 0); start < whole.End; start += TimeSpan.FromHours(lengths[i++ % lengths.Length]))
        {
            var end = start + TimeSpan.FromHours(lengths[i % lengths.Length]);
            pieces.Add(new TimeWindow(start, end < whole.End ? end : whole.End));
        }

        var onePass = await CollectAllAsync(DemoSetup.Source(a.Store, new ManualTimeProvider(DemoSetup.Now)), [whole]);
        var chunked = await CollectAllAsync(DemoSetup.Source(b.Store, new ManualTimeProvider(DemoSetup.Now)), pieces);

        Assert.True(pieces.Count > 50);
        Assert.Equal(onePass.Count, chunked.Count);
        foreach (var (key, value) in onePass)
            Assert.True(chunked.TryGetValue(key, out var other) && other == value, $"{key.Series} at {key.Ts}: {value} in one pass, {other} in small windows");
    }

    [Fact]
    public async Task CollectAsync_OnePassOrSmallWindowsCommitted_IdenticalStoreContents()
    {
        await using var a = await TempStore.CreateAsync();
        await using var b = await TempStore.CreateAsync();
        var whole = new TimeWindow(End.AddDays(-35), End);
        var sourceA = DemoSetup.Source(a.Store, new ManualTimeProvider(DemoSetup.Now));
        var sourceB = DemoSetup.Source(b.Store, new ManualTimeProvider(DemoSetup.Now));

        foreach (var stream in sourceA.GetStreams("staging"))
            await a.Store.CommitAsync((await sourceA.CollectAsync(stream, whole, CancellationToken.None)).Series);
        foreach (var stream in sourceB.GetStreams("staging"))
        {
            foreach (var piece in whole.Chunk(TimeSpan.FromHours(stream.Name == DemoSource.CostStream ? 72 : 11)))
                await b.Store.CommitAsync((await sourceB.CollectAsync(stream, piece, CancellationToken.None)).Series);
        }

        var whole35 = await a.DumpAsync();
        // Two empty stores would be "the same" too: the whole-window store must hold every stream's 35 days.
        Assert.True(whole35.Count > 35 * 24 * 10, $"the whole-window collection stored only {whole35.Count} points");
        var hours = whole35.Where(p => p.Key.Contains("memory", StringComparison.OrdinalIgnoreCase)).Select(p => p.Ts).Distinct().Count();
        Assert.True(hours >= (35 * 24) - 1, $"memory covers {hours} hours of the 35 days");
        Stores.AssertSame(whole35, await b.DumpAsync());
    }

    [Fact]
    public async Task GetAnchorAsync_FirstRun_PersistsCurrentHourAndLaterRunsKeepIt()
    {
        await using var temp = await TempStore.CreateAsync();
        var time = new ManualTimeProvider(DemoSetup.Now);

        var first = await DemoSetup.Source(temp.Store, time).GetAnchorAsync();
        time.Advance(TimeSpan.FromDays(3));
        var later = await DemoSetup.Source(temp.Store, time).GetIncidentsAsync();

        Assert.Equal(End, first);
        Assert.Equal(End, later.Anchor);
        Assert.Equal(End.ToString("O", CultureInfo.InvariantCulture), await temp.Store.GetSettingAsync(DemoSource.AnchorSetting));
    }

    [Fact]
    public async Task GetStreams_DemoEnvironment_FourStreamsWithTheirSteps()
    {
        await using var temp = await TempStore.CreateAsync();
        var source = DemoSetup.Source(temp.Store, new ManualTimeProvider(DemoSetup.Now));

        var streams = source.GetStreams("prod");

        Assert.Equal(["latency", "memory", "logs", "cost"], streams.Select(s => s.Name));
        Assert.All(streams.Take(3), s => Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromDays(7)), (s.Step, s.MaxWindow)));
        Assert.Equal(TimeSpan.FromDays(1), streams[3].Step);
        Assert.All(streams, s => Assert.Equal(TimeSpan.Zero, s.Settle));
        Assert.Empty(source.GetStreams("sandbox"));
    }

    [Fact]
    public async Task GetStreams_DemoSwitchedOff_None()
    {
        await using var temp = await TempStore.CreateAsync();
        var options = DemoSetup.Options();
        options.Demo.Enabled = false;

        var source = DemoSetup.Source(temp.Store, new ManualTimeProvider(DemoSetup.Now), options);

        Assert.False(source.IsEnabled);
        Assert.Empty(source.GetStreams("prod"));
    }

    [Fact]
    public async Task CollectAsync_Latency_PublishesTenantDisplayNames()
    {
        await using var temp = await TempStore.CreateAsync();
        var source = DemoSetup.Source(temp.Store, new ManualTimeProvider(DemoSetup.Now));

        await source.CollectAsync(source.GetStreams("prod")[0], new TimeWindow(End.AddHours(-1), End), CancellationToken.None);

        var names = await new TenantDirectory(temp.Store).GetNamesAsync("prod");
        Assert.Equal(30, names.Count);
        Assert.Equal("株式会社サクラ物流", names["sakura-logistics"]);
    }

    [Fact]
    public async Task CollectAsync_UnknownStream_ThrowsNamingIt()
    {
        await using var temp = await TempStore.CreateAsync();
        var source = DemoSetup.Source(temp.Store, new ManualTimeProvider(DemoSetup.Now));
        var stream = new SourceStream("demo", "prod", "traces", TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => source.CollectAsync(stream, new TimeWindow(End.AddHours(-1), End), CancellationToken.None));

        Assert.Contains("'traces'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectAsync_Cost_OnlyCompleteUtcDaysAtMidnight()
    {
        await using var temp = await TempStore.CreateAsync();
        var source = DemoSetup.Source(temp.Store, new ManualTimeProvider(DemoSetup.Now));
        var cost = source.GetStreams("prod").Single(s => s.Name == DemoSource.CostStream);

        var batch = await source.CollectAsync(cost, new TimeWindow(End.AddDays(-3), End), CancellationToken.None);

        var days = batch.Series.SelectMany(s => s.Points).Select(p => p.Timestamp).Distinct().Order().ToList();
        Assert.Equal([new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 17, 0, 0, 0, TimeSpan.Zero)], days);
        Assert.Contains(batch.Series, s => s.Key.Metric == Metrics.CostDaily && s.Key[Dims.UsageType] == "APN1-DataProcessing-Bytes");
        Assert.Contains(batch.Series, s => s.Key.Metric == Metrics.BucketSize && s.Key[Dims.Bucket] == DemoCatalog.ArtifactBucket);
    }

    private static async Task<Dictionary<(string Series, long Ts), double>> CollectAllAsync(DemoSource source, IReadOnlyList<TimeWindow> windows)
    {
        // The store's semantics: a later write of (series, timestamp) replaces the earlier one.
        var points = new Dictionary<(string, long), double>();
        foreach (var env in source.Environments)
        {
            foreach (var stream in source.GetStreams(env))
            {
                foreach (var window in windows)
                {
                    var batch = await source.CollectAsync(stream, window, CancellationToken.None);
                    foreach (var series in batch.Series)
                    {
                        var key = series.Key.ToString();
                        foreach (var point in series.Points)
                            points[(key, point.Timestamp.ToUnixTimeSeconds())] = point.Value;
                    }
                }
            }
        }
        return points;
    }
}
