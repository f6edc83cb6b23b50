using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Storage;

/// <summary>
/// The store contract: every behaviour the rest of OpsReport relies on, run against each store (one subclass per store,
/// each with its own fixture: a temporary SQLite file, a fresh database on the test PostgreSQL server).
/// </summary>
public abstract class MetricStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = Utc.At("2026-11-16T00:00Z");
    private static readonly StreamId Stream = new("demo", "prod", "metrics");

    protected IMetricStore Store { get; private set; } = null!;

    /// <summary>A new, initialized store over an empty database.</summary>
    protected abstract Task<IMetricStore> CreateStoreAsync();

    /// <summary>A second store object over the same database, as another process or instance would open it.</summary>
    protected abstract IMetricStore OpenSecondStore();

    /// <summary>Rows in a table, counted directly in the database.</summary>
    protected abstract Task<long> CountRowsAsync(string table);

    protected abstract int LatestSchemaVersion { get; }

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public abstract Task DisposeAsync();

    private static SeriesKey Latency(string path, string env = "prod") =>
        new(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, env), (Dims.Path, path));

    private static SeriesPoints Hourly(SeriesKey key, params double[] values) =>
        new(key, values.Select((v, i) => new Point(T0.AddHours(i), v)).ToList());

    private static TimeWindow Hours(int from, int to) => new(T0.AddHours(from), T0.AddHours(to));

    [Fact]
    public async Task InitializeAsync_CalledAgain_KeepsDataAndSchemaVersion()
    {
        await Store.CommitAsync([Hourly(Latency("/a"), 120)]);

        await Store.InitializeAsync();
        await Store.InitializeAsync();

        // One row per applied migration, each applied once however often the store starts.
        Assert.Equal(LatestSchemaVersion, (await Store.DescribeAsync()).SchemaVersion);
        Assert.Equal(LatestSchemaVersion, await CountRowsAsync("schema_version"));
        var points = await Store.QueryAsync(Latency("/a"), Hours(0, 1));
        Assert.Equal([new Point(T0, 120)], points.Points);
    }

    [Fact]
    public async Task CommitAsync_SamePointsTwice_KeepsOnePointPerTimestampWithLatestValue()
    {
        var key = Latency("/a");
        await Store.CommitAsync([Hourly(key, 100, 110, 120)]);

        var written = await Store.CommitAsync([Hourly(key, 100, 111, 120)]);

        var points = await Store.QueryAsync(key, Hours(0, 3));
        Assert.Equal(3, written);
        Assert.Equal([new Point(T0, 100), new Point(T0.AddHours(1), 111), new Point(T0.AddHours(2), 120)], points.Points);
        Assert.Equal(3L, await CountRowsAsync("points"));
    }

    [Fact]
    public async Task QueryAsync_MissingHour_IsAbsentNotZero()
    {
        var key = Latency("/a");
        await Store.CommitAsync([new SeriesPoints(key, [new Point(T0, 100), new Point(T0.AddHours(2), 300)])]);

        var points = (await Store.QueryAsync(key, Hours(0, 3))).Points;

        Assert.Equal([T0, T0.AddHours(2)], points.Select(p => p.Timestamp));
        Assert.DoesNotContain(points, p => p.Value == 0);
    }

    [Fact]
    public async Task QueryAsync_Window_IsHalfOpenStartIncludedEndExcluded()
    {
        var key = Latency("/a");
        await Store.CommitAsync([Hourly(key, 0.5, 1, 2, 3, 4)]);

        var points = (await Store.QueryAsync(key, Hours(1, 3))).Points;

        Assert.Equal([new Point(T0.AddHours(1), 1), new Point(T0.AddHours(2), 2)], points);
    }

    [Fact]
    public async Task QueryAsync_UnknownSeries_GivesEmptyPoints()
    {
        var points = await Store.QueryAsync(Latency("/never-written"), Hours(0, 24));

        Assert.Equal(Latency("/never-written"), points.Key);
        Assert.Empty(points.Points);
    }

    [Fact]
    public async Task QueryAsync_Filter_ReturnsPointsOfEveryMatchingSeriesOrderedByTime()
    {
        await Store.CommitAsync(
        [
            new SeriesPoints(Latency("/a"), [new Point(T0.AddHours(1), 2), new Point(T0, 1)]),
            Hourly(Latency("/b"), 5),
            Hourly(Latency("/a", env: "staging"), 9),
        ]);

        var result = await Store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod")), Hours(0, 24));

        var byPath = result.ToDictionary(s => s.Key[Dims.Path]!, s => s.Points);
        Assert.Equal(["/a", "/b"], byPath.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([new Point(T0, 1), new Point(T0.AddHours(1), 2)], byPath["/a"]);
        Assert.Equal([new Point(T0, 5)], byPath["/b"]);
    }

    [Fact]
    public async Task SumAsync_Filter_SumsEachSeriesInTheHalfOpenWindowAndNullWhereNothingIsStored()
    {
        await Store.CommitAsync([Hourly(Latency("/a"), 1, 2, 4, 8), Hourly(Latency("/b"), 16, 32), Hourly(Latency("/c", "staging"), 64)]);
        await Store.CommitAsync([new SeriesPoints(Latency("/late"), [new Point(T0.AddHours(5), 128)])]);

        var sums = (await Store.SumAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, SeriesFilter.Any)), Hours(1, 3)))
            .ToDictionary(s => s.Key[Dims.Path]!, s => s.Sum);

        Assert.Equal(new Dictionary<string, double?> { ["/a"] = 6, ["/b"] = 32, ["/late"] = null }, sums);
    }

    [Fact]
    public async Task FindSeriesAsync_ExactAnyAndAbsent_SelectSeriesByDimensions()
    {
        var overall = Latency("/a");
        var tenantA = overall.With(Dims.Tenant, "t1");
        var tenantB = overall.With(Dims.Tenant, "t2");
        var otherPath = Latency("/b").With(Dims.Tenant, "t1");
        var daily = overall.WithResolution(Resolution.Day);
        await Store.CommitAsync([Hourly(overall, 1), Hourly(tenantA, 1), Hourly(tenantB, 1), Hourly(otherPath, 1), Hourly(daily, 1)]);

        async Task<string[]> Find(params (string, string)[] dims) =>
            (await Store.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, dims))).Select(k => k.ToString()).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal([overall.ToString()], await Find((Dims.Path, "/a"), (Dims.Tenant, SeriesFilter.Absent)));
        Assert.Equal([tenantA.ToString(), tenantB.ToString()], await Find((Dims.Path, "/a"), (Dims.Tenant, SeriesFilter.Any)));
        Assert.Equal([tenantA.ToString(), otherPath.ToString()], await Find((Dims.Tenant, "t1")));
        Assert.Equal(4, (await Find()).Length);
        Assert.Empty(await Find((Dims.Service, SeriesFilter.Any)));
    }

    [Fact]
    public async Task GetWatermarkAsync_BeforeFirstCommit_IsNull()
    {
        Assert.Null(await Store.GetWatermarkAsync(Stream));
        Assert.Empty(await Store.GetWatermarksAsync());
    }

    [Fact]
    public async Task CommitAsync_WithWatermark_AdvancesItButNeverBackwards()
    {
        await Store.CommitAsync([Hourly(Latency("/a"), 1, 2)], new WatermarkUpdate(Stream, T0.AddHours(2)));
        Assert.Equal(T0.AddHours(2), await Store.GetWatermarkAsync(Stream));

        await Store.CommitAsync([Hourly(Latency("/a"), 1, 2, 3, 4)], new WatermarkUpdate(Stream, T0.AddHours(4)));
        Assert.Equal(T0.AddHours(4), await Store.GetWatermarkAsync(Stream));

        await Store.CommitAsync([Hourly(Latency("/a"), 1)], new WatermarkUpdate(Stream, T0.AddHours(1)));
        Assert.Equal(T0.AddHours(4), await Store.GetWatermarkAsync(Stream));

        var all = await Store.GetWatermarksAsync();
        Assert.Equal(T0.AddHours(4), Assert.Single(all, kv => kv.Key == Stream).Value);
        Assert.Null(await Store.GetWatermarkAsync(Stream with { Environment = "staging" }));
    }

    [Fact]
    public async Task CommitAsync_NaNInBatch_ThrowsAndWritesNeitherPointsNorWatermark()
    {
        var good = Latency("/a");
        var bad = Latency("/b");

        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(
            [Hourly(good, 100, 110), Hourly(bad, 1, double.NaN)],
            new WatermarkUpdate(Stream, T0.AddHours(2))));

        Assert.Empty((await Store.QueryAsync(good, Hours(0, 2))).Points);
        Assert.Empty((await Store.QueryAsync(bad, Hours(0, 2))).Points);
        Assert.Null(await Store.GetWatermarkAsync(Stream));
    }

    [Fact]
    public async Task CommitAsync_AfterFailedCommit_SeriesFromTheFailedBatchCanStillBeWritten()
    {
        var key = Latency("/a");
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync([Hourly(key, 1, double.PositiveInfinity)]));

        await Store.CommitAsync([Hourly(key, 7)]);

        Assert.Equal([new Point(T0, 7)], (await Store.QueryAsync(key, Hours(0, 1))).Points);
        Assert.Equal([key], await Store.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour)));
    }

    [Fact]
    public async Task FindSeriesAsync_SeriesAddedBySecondStoreOnSameDatabase_IsSeen()
    {
        await Store.CommitAsync([Hourly(Latency("/a"), 1)]);
        var filter = new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"));
        Assert.Single(await Store.FindSeriesAsync(filter));

        var other = OpenSecondStore();
        await other.InitializeAsync();
        await other.CommitAsync([Hourly(Latency("/b"), 2)]);

        var found = await Store.FindSeriesAsync(filter);
        Assert.Equal(["/a", "/b"], found.Select(k => k[Dims.Path]).Order(StringComparer.Ordinal));
        Assert.Equal([new Point(T0, 2)], (await Store.QueryAsync(Latency("/b"), Hours(0, 1))).Points);
    }

    [Fact]
    public async Task CommitAsync_SameSeriesFromTwoStores_SharesOneSeriesRow()
    {
        var other = OpenSecondStore();
        await Store.CommitAsync([Hourly(Latency("/a"), 1)]);
        await other.CommitAsync([new SeriesPoints(Latency("/a"), [new Point(T0.AddHours(1), 2)])]);

        var points = (await Store.QueryAsync(Latency("/a"), Hours(0, 2))).Points;

        Assert.Equal([new Point(T0, 1), new Point(T0.AddHours(1), 2)], points);
        Assert.Single(await Store.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour)));
    }

    [Theory]
    [InlineData("株式会社サンプル")]
    [InlineData("Acme, Inc. {EU}")]
    [InlineData("50% off=yes")]
    public async Task CommitAsync_JapaneseOrSeparatorDimensionValues_RoundTripThroughStore(string tenant)
    {
        var key = Latency("/api/注文").With(Dims.Tenant, tenant);
        await Store.CommitAsync([Hourly(key, 42)]);

        var viaFilter = await Store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Tenant, tenant)), Hours(0, 1));
        var other = OpenSecondStore();
        var viaFreshCatalog = await other.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Tenant, SeriesFilter.Any)));

        var series = Assert.Single(viaFilter);
        Assert.Equal(key, series.Key);
        Assert.Equal([new Point(T0, 42)], series.Points);
        Assert.Equal(tenant, Assert.Single(viaFreshCatalog)[Dims.Tenant]);
        Assert.Equal("/api/注文", viaFreshCatalog[0][Dims.Path]);
    }

    [Fact]
    public async Task GetRunsAsync_StartedAndFinishedRun_RoundTripsUsageIncludingDecimalDollars()
    {
        var window = Hours(0, 6);
        var started = Utc.At("2026-11-16T06:05:00.123Z");
        var finished = Utc.At("2026-11-16T06:05:42.456Z");
        var usage = new ApiUsage(ApiCalls: 3, MetricsRequested: 1200, BytesScanned: 5_368_709_120, EstimatedUsd: 0.0266m);

        var id = await Store.StartRunAsync(Stream, window, started);
        var running = Assert.Single(await Store.GetRunsAsync());
        await Store.FinishRunAsync(id, RunStatus.Partial, 842, usage, "throttled on 1 of 3 calls", finished);

        Assert.Equal(RunStatus.Running, running.Status);
        Assert.Null(running.FinishedAt);
        Assert.Equal(ApiUsage.None, running.Usage);
        var run = Assert.Single(await Store.GetRunsAsync("prod"));
        Assert.Equal(new CollectionRun(id, "demo", "prod", "metrics", window, started, finished, RunStatus.Partial, 842, usage, "throttled on 1 of 3 calls"), run);
        Assert.Equal(0.0266m, run.Usage.EstimatedUsd);
        Assert.Equal(TimeSpan.FromMilliseconds(42_333), run.Duration);
    }

    [Fact]
    public async Task GetRunsAsync_EnvironmentAndLimit_FilterAndOrderMostRecentFirst()
    {
        var first = await Store.StartRunAsync(Stream, Hours(0, 1), T0);
        var staging = await Store.StartRunAsync(Stream with { Environment = "staging" }, Hours(0, 1), T0);
        var second = await Store.StartRunAsync(Stream, Hours(1, 2), T0.AddHours(1));

        Assert.Equal([second, first], (await Store.GetRunsAsync("prod")).Select(r => r.Id));
        Assert.Equal([second], (await Store.GetRunsAsync(limit: 1)).Select(r => r.Id));
        Assert.Equal([staging], (await Store.GetRunsAsync("staging")).Select(r => r.Id));
        Assert.Equal(3, (await Store.GetRunsAsync()).Count);
    }

    [Fact]
    public async Task SetSettingAsync_SetTwice_KeepsLatestValue()
    {
        Assert.Null(await Store.GetSettingAsync("demo.anchor"));

        await Store.SetSettingAsync("demo.anchor", "2026-11-22T00:00:00Z");
        await Store.SetSettingAsync("demo.anchor", "2026-11-23T00:00:00Z");

        Assert.Equal("2026-11-23T00:00:00Z", await Store.GetSettingAsync("demo.anchor"));
        Assert.Equal("2026-11-23T00:00:00Z", await OpenSecondStore().GetSettingAsync("demo.anchor"));
    }

    [Fact]
    public async Task UpsertFindingsAsync_SameIdentityAgain_UpdatesInsteadOfAddingADuplicate()
    {
        var opened = new Finding("prod", FindingKind.DebugLogging, "/aws/lambda/orders", T0, null, Severity.Warning, FindingState.Open,
            "DEBUG logging in /aws/lambda/orders", "62 % of events are DEBUG", new Dictionary<string, double> { ["debugShare"] = 0.62 },
            "http://localhost:5080/?env=prod", T0.AddHours(1));
        var other = opened with { Subject = "/aws/lambda/billing", Summary = "DEBUG logging in /aws/lambda/billing" };
        await Store.UpsertFindingsAsync([opened, other]);

        var resolved = opened with
        {
            End = T0.AddDays(2),
            State = FindingState.Resolved,
            Severity = Severity.Info,
            Summary = "DEBUG logging stopped",
            Numbers = new Dictionary<string, double> { ["debugShare"] = 0.01, ["days"] = 2 },
            Url = null,
            UpdatedAt = T0.AddDays(2),
        };
        await Store.UpsertFindingsAsync([resolved]);

        var all = await Store.GetFindingsAsync("prod");
        Assert.Equal(2, all.Count);
        var stored = Assert.Single(all, f => f.Id == opened.Id);
        Assert.Equal(FindingState.Resolved, stored.State);
        Assert.Equal(Severity.Info, stored.Severity);
        Assert.Equal(T0.AddDays(2), stored.End);
        Assert.Equal("DEBUG logging stopped", stored.Summary);
        Assert.Equal("62 % of events are DEBUG", stored.Evidence);
        Assert.Null(stored.Url);
        Assert.Equal(T0.AddDays(2), stored.UpdatedAt);
        Assert.Equal(new Dictionary<string, double> { ["debugShare"] = 0.01, ["days"] = 2 }, stored.Numbers);
    }

    [Fact]
    public async Task GetFindingsAsync_EnvironmentAndState_Filter()
    {
        var open = new Finding("prod", FindingKind.LatencyRegression, "/a", T0, null, Severity.Critical, FindingState.Open, "s", "e",
            new Dictionary<string, double>(), null, T0);
        await Store.UpsertFindingsAsync(
        [
            open,
            open with { Subject = "/b", State = FindingState.Resolved, Start = T0.AddHours(1) },
            open with { Environment = "staging" },
        ]);

        Assert.Equal(["/b", "/a"], (await Store.GetFindingsAsync("prod")).Select(f => f.Subject));
        Assert.Equal(["/a"], (await Store.GetFindingsAsync("prod", FindingState.Open)).Select(f => f.Subject));
        Assert.Equal(3, (await Store.GetFindingsAsync()).Count);
        Assert.Equal("staging", Assert.Single(await Store.GetFindingsAsync(state: FindingState.Open), f => f.Environment == "staging").Environment);
    }

    [Fact]
    public async Task SaveDeliveryAsync_NewThenUpdated_RoundTripsAndKeepsOneRecordPerKey()
    {
        var pending = new DeliveryRecord("weekly|prod|2026-W47||team@example.com", "weekly", "prod", "2026-W47", null, "team@example.com",
            DeliveryStatus.Pending, 1, T0.AddMinutes(5), "421 try later", null, T0);
        await Store.SaveDeliveryAsync(pending);
        Assert.Equal(pending, await Store.GetDeliveryAsync(pending.Key));

        var sent = pending with { Status = DeliveryStatus.Sent, Attempts = 2, NextAttemptAt = null, LastError = null, Location = "outbox/weekly-2026-W47.eml", UpdatedAt = T0.AddMinutes(6) };
        await Store.SaveDeliveryAsync(sent);

        Assert.Equal(sent, await Store.GetDeliveryAsync(pending.Key));
        Assert.Equal([sent], await Store.GetDeliveriesAsync());
        Assert.Null(await Store.GetDeliveryAsync("never"));
    }

    [Fact]
    public async Task GetDeliveriesAsync_SeveralRecords_MostRecentFirstWithinLimit()
    {
        var a = new DeliveryRecord("a", "weekly", "prod", "2026-W46", "tenant-1", "x@example.com", DeliveryStatus.Failed, 5, null, "gave up", null, T0);
        var b = a with { Key = "b", Period = "2026-W47", Tenant = null, Status = DeliveryStatus.Sent, UpdatedAt = T0.AddDays(7) };
        await Store.SaveDeliveryAsync(a);
        await Store.SaveDeliveryAsync(b);

        Assert.Equal([b, a], await Store.GetDeliveriesAsync());
        Assert.Equal([b], await Store.GetDeliveriesAsync(limit: 1));
    }

    [Fact]
    public async Task CommitAsync_ManyPointsWithRepeatsInOneBatch_StoresEachTimestampOnceWithTheLastValue()
    {
        // 1,234 points: more than one multi-row statement, plus a remainder; the repeated hour must keep its last value.
        var key = new SeriesKey(Metrics.Requests, Resolution.Hour, (Dims.Env, "prod"));
        var points = Enumerable.Range(0, 1234).Select(i => new Point(T0.AddHours(i), i)).Append(new Point(T0.AddHours(7), -7)).ToList();

        var written = await Store.CommitAsync([new SeriesPoints(key, points)]);

        var stored = (await Store.QueryAsync(key, Hours(0, 2000))).Points;
        Assert.Equal(1235, written);
        Assert.Equal(1234, stored.Count);
        Assert.Equal(-7, stored[7].Value);
        Assert.Equal(1233, stored[^1].Value);
        Assert.Equal(1234L, await CountRowsAsync("points"));
    }

    [Fact]
    public async Task DescribeAsync_NewStore_NamesProviderAndLatestSchemaVersion()
    {
        var description = await Store.DescribeAsync();

        Assert.Equal(LatestSchemaVersion, description.SchemaVersion);
        Assert.Equal(LatestSchemaVersion, description.LatestSchemaVersion);
        Assert.Contains(description.Provider, description.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_HeldByAnotherInstance_IsRefusedUntilItExpires()
    {
        var other = OpenSecondStore();
        Assert.NotEqual(Store.InstanceId, other.InstanceId);

        Assert.True(await Store.TryAcquireLeaseAsync("collect:demo/prod/metrics", TimeSpan.FromMinutes(1), T0));
        Assert.True(await Store.TryAcquireLeaseAsync("collect:demo/prod/metrics", TimeSpan.FromMinutes(1), T0.AddSeconds(30)));
        Assert.False(await other.TryAcquireLeaseAsync("collect:demo/prod/metrics", TimeSpan.FromMinutes(1), T0.AddSeconds(60)));
        Assert.True(await other.TryAcquireLeaseAsync("collect:demo/staging/metrics", TimeSpan.FromMinutes(1), T0.AddSeconds(60)));

        // The renewal at +30 s holds it until +90 s; after that a silent holder is taken over.
        Assert.True(await other.TryAcquireLeaseAsync("collect:demo/prod/metrics", TimeSpan.FromMinutes(1), T0.AddSeconds(90)));
        Assert.False(await Store.TryAcquireLeaseAsync("collect:demo/prod/metrics", TimeSpan.FromMinutes(1), T0.AddSeconds(91)));
        var leases = await Store.GetLeasesAsync(T0.AddSeconds(91));
        Assert.Equal(["collect:demo/prod/metrics", "collect:demo/staging/metrics"], leases.Select(l => l.Name));
        Assert.All(leases, l => Assert.Equal(other.InstanceId, l.Holder));
        Assert.Equal(T0.AddSeconds(150), leases[0].ExpiresAt);
    }

    [Fact]
    public async Task ReleaseLeaseAsync_ByHolder_FreesItAtOnceButNotByOthers()
    {
        var other = OpenSecondStore();
        await Store.TryAcquireLeaseAsync("analyze:prod", TimeSpan.FromMinutes(5), T0);

        await other.ReleaseLeaseAsync("analyze:prod");
        Assert.False(await other.TryAcquireLeaseAsync("analyze:prod", TimeSpan.FromMinutes(5), T0.AddSeconds(1)));
        await Store.ReleaseLeaseAsync("analyze:prod");

        Assert.True(await other.TryAcquireLeaseAsync("analyze:prod", TimeSpan.FromMinutes(5), T0.AddSeconds(2)));
        Assert.Empty(await Store.GetLeasesAsync(T0.AddMinutes(10)));
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_ManyInstancesAtOnce_ExactlyOneGetsIt()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => OpenSecondStore()).ToList();

        var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.TryAcquireLeaseAsync("collect:demo/prod/logs", TimeSpan.FromMinutes(1), T0))));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task AbandonOrphanedRunsAsync_RunOfAStoppedHolder_IsAbandonedWhileALiveHoldersRunIsKept()
    {
        var dead = OpenSecondStore();
        var live = OpenSecondStore();
        var orphan = await dead.StartRunAsync(Stream, Hours(0, 1), T0);
        await dead.TryAcquireLeaseAsync(LeaseNames.Collect(Stream), TimeSpan.FromMinutes(1), T0);
        var inProgress = await live.StartRunAsync(Stream with { Stream = "logs" }, Hours(0, 1), T0);
        await live.TryAcquireLeaseAsync(LeaseNames.Collect(Stream with { Stream = "logs" }), TimeSpan.FromMinutes(10), T0);
        var finished = await dead.StartRunAsync(Stream, Hours(1, 2), T0);
        await dead.FinishRunAsync(finished, RunStatus.Succeeded, 5, ApiUsage.None, null, T0.AddSeconds(1));

        // While the dead holder's lease has not expired, nothing is touched: it may only be slow.
        Assert.Equal(0, await Store.AbandonOrphanedRunsAsync(T0.AddSeconds(30)));
        var marked = await Store.AbandonOrphanedRunsAsync(T0.AddMinutes(2));

        var runs = (await Store.GetRunsAsync()).ToDictionary(r => r.Id);
        Assert.Equal(1, marked);
        Assert.Equal(RunStatus.Abandoned, runs[orphan].Status);
        Assert.Equal(T0.AddMinutes(2), runs[orphan].FinishedAt);
        Assert.Contains("abandoned", runs[orphan].Error, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Running, runs[inProgress].Status);
        Assert.Equal(RunStatus.Succeeded, runs[finished].Status);
    }

    [Fact]
    public async Task TryClaimDeliveryAsync_ManySendersAtOnce_ExactlyOneClaims()
    {
        var failed = new DeliveryRecord("weekly|prod|2026-W47||team@example.com", "weekly", "prod", "2026-W47", null, "team@example.com",
            DeliveryStatus.Failed, 1, T0, "421 try later", null, T0);
        await Store.SaveDeliveryAsync(failed);
        var claim = failed with { Status = DeliveryStatus.Pending, LastError = null, NextAttemptAt = null, UpdatedAt = T0.AddMinutes(5) };
        var senders = Enumerable.Range(0, 8).Select(_ => OpenSecondStore()).ToList();

        var results = await Task.WhenAll(senders.Select(s => Task.Run(() => s.TryClaimDeliveryAsync(claim, [DeliveryStatus.Failed, DeliveryStatus.Abandoned]))));

        Assert.Equal(1, results.Count(r => r));
        var stored = await Store.GetDeliveryAsync(failed.Key);
        Assert.Equal(DeliveryStatus.Pending, stored!.Status);
        Assert.Equal(2, stored.Attempts);
    }

    [Fact]
    public async Task TryClaimDeliveryAsync_NewKeyThenSentKey_ClaimsOnceAndNeverReplacesSent()
    {
        var claim = new DeliveryRecord("weekly|prod|2026-W48||team@example.com", "weekly", "prod", "2026-W48", null, "team@example.com",
            DeliveryStatus.Pending, 1, null, null, null, T0);

        Assert.True(await Store.TryClaimDeliveryAsync(claim, [DeliveryStatus.Failed]));
        Assert.False(await OpenSecondStore().TryClaimDeliveryAsync(claim, [DeliveryStatus.Failed]));
        await Store.SaveDeliveryAsync(claim with { Status = DeliveryStatus.Sent, Location = "outbox/a.eml" });

        Assert.False(await Store.TryClaimDeliveryAsync(claim, [DeliveryStatus.Failed, DeliveryStatus.Abandoned]));
        Assert.True(await Store.TryClaimDeliveryAsync(claim with { UpdatedAt = T0.AddHours(1) }, [DeliveryStatus.Sent]));
        Assert.Equal(2, (await Store.GetDeliveryAsync(claim.Key))!.Attempts);
    }
}
