using System.Globalization;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>
/// Day and week percentiles come from one timeseries request whose queries carry Datadog's calendar-aligned rollup in
/// the configured zone: in a zone with a daylight-saving change, each local day (the 25-hour one included) gets the
/// exact percentile of its own requests, never a mean of hourly percentiles.
/// </summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogCalendarRollupTests(DatadogDemoFixture demo, ITestOutputHelper output)
{
    private const string Zone = "America/New_York";
    private const string Path = "/api/orders";
    private const string Service = "api";
    private const int SamplesPerHour = 20;

    // New York left daylight saving time on Sunday 2026-11-01 at 02:00 local: that local day has 25 hours.
    private static readonly DateOnly LongDay = new(2026, 11, 1);
    private static readonly ZoneCalendar NewYork = new(Zone);
    private static readonly TimeWindow Backfill = new(DemoSetup.Now - TimeSpan.FromDays(21), DemoSetup.Now);

    [Fact]
    public async Task Collect_ZoneWithDaylightSavingChange_StoresTheExactPercentileOfEachLocalDayFromOneRequestPerWindow()
    {
        var (calendar, backfill) = (NewYork, Backfill);
        await using var temp = await TempStore.CreateAsync();
        var samples = await DatadogSideAsync(temp, calendar, backfill);
        await using var host = await HostAsync(temp, calendar);

        var summary = await host.CollectAsync();

        Assert.Empty(summary.Failures);
        Assert.Empty(host.Fake.Errors);
        var calendarRequests = host.Fake.Requests.Where(r => r.Path == "/api/v2/query/timeseries" && r.Body.Contains("daily, 12am", StringComparison.Ordinal)).ToList();
        var latencyWindows = (int)Math.Ceiling(backfill.Duration / TimeSpan.FromDays(7));
        output.WriteLine($"{host.Fake.Requests.Count} requests, {calendarRequests.Count} of them for local days and weeks ({latencyWindows} weekly latency windows), {host.Fake.Count("/api/v2/query/scalar")} scalar");
        Assert.Equal(latencyWindows, calendarRequests.Count);
        Assert.Equal(0, host.Fake.Count("/api/v2/query/scalar"));
        Assert.All(calendarRequests, r => Assert.All(FakeDatadogRequest.MetricQueries(r), q => Assert.EndsWith($"'{Zone}')", q, StringComparison.Ordinal)));

        var (days, stored) = await AssertEachLocalDayHasItsExactP95Async(host, calendar, backfill, samples);
        var utcDayDiffers = 0;
        foreach (var day in days)
        {
            var inDay = samples.Where(s => day.Contains(s.Hour)).ToList();
            var exact = Math.Round(Percentile95(inDay.SelectMany(s => s.Values)), 3);
            var meanOfHours = inDay.Average(s => Percentile95(s.Values));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{DateOnly.FromDateTime(calendar.ToLocal(day.Start).DateTime):yyyy-MM-dd} {day.Duration.TotalHours:0} h: exact p95 {exact} ms, mean of hourly p95s {meanOfHours:0.000} ms"));
            var utcDay = new TimeWindow(new DateTimeOffset(day.Start.UtcDateTime.Date, TimeSpan.Zero), new DateTimeOffset(day.Start.UtcDateTime.Date.AddDays(1), TimeSpan.Zero));
            if (Math.Round(Percentile95(samples.Where(s => utcDay.Contains(s.Hour)).SelectMany(s => s.Values)), 3) != exact)
                utcDayDiffers++;
        }
        // The data tells local days from UTC days: each day that follows a slower one would read another p95 if cut at
        // UTC midnight (its evening before would count).
        Assert.True(utcDayDiffers > days.Count / 3, $"only {utcDayDiffers} of {days.Count} days differ between local and UTC cuts");
        var longDay = calendar.Day(LongDay);
        Assert.Equal(TimeSpan.FromHours(25), longDay.Duration);
        Assert.Contains(stored, p => p.Timestamp == longDay.Start);
        Assert.NotEqual(Math.Round(samples.Where(s => longDay.Contains(s.Hour)).Average(s => Percentile95(s.Values)), 3), stored.Single(p => p.Timestamp == longDay.Start).Value);

        // The ISO week holding the change (Monday 2026-10-26 to Monday 2026-11-02, 169 hours) likewise.
        var week = calendar.WeekOf(longDay.Start);
        var weekly = await StoredP95Async(host, Resolution.Week, backfill);
        Assert.Equal(Math.Round(Percentile95(samples.Where(s => week.Contains(s.Hour)).SelectMany(s => s.Values)), 3), weekly.Single(p => p.Timestamp == week.Start).Value);
        var requests = await host.Temp.Store.QueryAsync(new SeriesFilter(Metrics.Requests, Resolution.Day, (Dims.Env, "prod"), (Dims.Path, Path), (Dims.Tenant, SeriesFilter.Absent)),
            new TimeWindow(longDay.Start, longDay.End));
        Assert.Equal(25 * SamplesPerHour, requests.Single().Points.Single(p => p.Timestamp == longDay.Start).Value);
    }

    [Fact]
    public async Task Collect_CalendarRollupAnswered400_FallsBackToScalarRequestsWithTheExactDayPercentilesAndDoesNotAskAgain()
    {
        var (calendar, backfill) = (NewYork, Backfill);
        await using var temp = await TempStore.CreateAsync();
        var samples = await DatadogSideAsync(temp, calendar, backfill);
        await using var host = await HostAsync(temp, calendar, rejectCalendarRollups: true);
        int CalendarRequests() => host.Fake.Requests.Count(r => r.Path == "/api/v2/query/timeseries" && r.Body.Contains("daily, 12am", StringComparison.Ordinal));

        var summary = await host.CollectAsync();

        Assert.Empty(summary.Failures);
        Assert.Empty(host.Fake.Errors);
        var scalar = host.Fake.Count("/api/v2/query/scalar");
        output.WriteLine($"first pass: {host.Fake.Requests.Count} requests, {CalendarRequests()} calendar-aligned (answered 400), {scalar} scalar");
        Assert.Equal(1, CalendarRequests());
        await AssertEachLocalDayHasItsExactP95Async(host, calendar, backfill, samples);
        var week = calendar.WeekOf(calendar.Day(LongDay).Start);
        var weekly = await StoredP95Async(host, Resolution.Week, backfill);
        Assert.Equal(Math.Round(Percentile95(samples.Where(s => week.Contains(s.Hour)).SelectMany(s => s.Values)), 3), weekly.Single(p => p.Timestamp == week.Start).Value);
        // The hourly points of the window whose calendar request was refused are stored all the same, hour after hour.
        var hourly = await StoredP95Async(host, Resolution.Hour, backfill);
        var firstHour = TimeWindow.FloorToHour(backfill.Start);
        Assert.Equal(firstHour, hourly[0].Timestamp);
        Assert.Equal((int)((hourly[^1].Timestamp - firstHour) / TimeSpan.FromHours(1)) + 1, hourly.Count);
        Assert.True(hourly[^1].Timestamp >= backfill.End - TimeSpan.FromHours(2), $"hourly points end at {hourly[^1].Timestamp:u}");

        // Said once, with Datadog's words, naming the environment.
        var said = (await host.Temp.Store.GetRunsAsync("prod")).Where(r => r.Error?.Contains("answered 400 to the calendar-aligned rollup", StringComparison.Ordinal) == true).ToList();
        var line = Assert.Single(said).Error!;
        output.WriteLine(line);
        Assert.Contains("latency prod:", line, StringComparison.Ordinal);
        Assert.Contains("Error parsing query: unexpected arguments to rollup", line, StringComparison.Ordinal);

        // The next pass a day later asks for the new day with scalar requests only: the refused request is not sent again.
        host.Clock.Advance(TimeSpan.FromDays(1));
        var next = await host.CollectAsync();

        Assert.Empty(next.Failures);
        output.WriteLine($"second pass: {host.Fake.Count("/api/v2/query/scalar") - scalar} scalar requests, calendar-aligned ones still {CalendarRequests()}");
        Assert.Equal(1, CalendarRequests());
        Assert.True(host.Fake.Count("/api/v2/query/scalar") > scalar);
        Assert.Single(await host.Temp.Store.GetRunsAsync("prod"), r => r.Error?.Contains("answered 400 to the calendar-aligned rollup", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Collect_CalendarRollupRefusedThenRestarted_OtherProcessesUseScalarRequestsUntilTheRefusalIsAWeekOld()
    {
        var (calendar, backfill) = (NewYork, Backfill);
        await using var temp = await TempStore.CreateAsync();
        await DatadogSideAsync(temp, calendar, backfill);
        await using var host = await HostAsync(temp, calendar, rejectCalendarRollups: true);
        int CalendarRequests() => host.Fake.Requests.Count(r => r.Path == "/api/v2/query/timeseries" && r.Body.Contains("daily, 12am", StringComparison.Ordinal));
        Task<CollectionSummary> CollectInAnotherProcessAsync() => host.RunnerOfAnotherProcess().RunOnceAsync(new CollectionRequest(DatadogSource.SourceName, null), null, CancellationToken.None);

        Assert.Empty((await host.CollectAsync()).Failures);
        Assert.Equal(1, CalendarRequests());
        var refusal = await host.Temp.Store.GetSettingAsync("datadog.calendar-rollup-refused.prod");
        output.WriteLine($"stored: {refusal}");
        Assert.Contains("unexpected arguments to rollup", refusal, StringComparison.Ordinal);

        // Restarted a day later, and once more six days later: the refusal is read from the store, no calendar request is sent.
        host.Clock.Advance(TimeSpan.FromDays(1));
        var scalar = host.Fake.Count("/api/v2/query/scalar");
        Assert.Empty((await CollectInAnotherProcessAsync()).Failures);
        Assert.Equal(1, CalendarRequests());
        Assert.True(host.Fake.Count("/api/v2/query/scalar") > scalar, "the new day comes from scalar requests");
        host.Clock.Advance(TimeSpan.FromDays(6) - TimeSpan.FromHours(2));
        Assert.Empty((await CollectInAnotherProcessAsync()).Failures);
        output.WriteLine($"after restarts 1 and 6.9 days later: {CalendarRequests()} calendar-aligned request(s), {host.Fake.Count("/api/v2/query/scalar")} scalar");
        Assert.Equal(1, CalendarRequests());

        // A week after the refusal the org may have gained the feature: the next process asks again, and it is answered.
        host.Fake.RejectCalendarRollups = false;
        host.Clock.Advance(TimeSpan.FromHours(3));
        scalar = host.Fake.Count("/api/v2/query/scalar");
        Assert.Empty((await CollectInAnotherProcessAsync()).Failures);
        output.WriteLine($"7 days and 1 hour after the refusal: {CalendarRequests()} calendar-aligned request(s), {host.Fake.Count("/api/v2/query/scalar") - scalar} new scalar");
        Assert.Equal(2, CalendarRequests());
        Assert.Equal(scalar, host.Fake.Count("/api/v2/query/scalar"));
    }

    [Fact]
    public async Task Collect_DayBucketsNotAtLocalMidnight_AreNotStoredAndTheRunSaysSo()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 1, environments: ["prod"]);
        // A day bucket at UTC midnight, 09:00 in Tokyo: not a local day of the configured zone.
        var utcMidnight = new DateTimeOffset(DemoSetup.Now.UtcDateTime.Date, TimeSpan.Zero);
        var answer = new
        {
            data = new
            {
                type = "timeseries_response",
                attributes = new
                {
                    series = new[] { new { group_tags = new[] { "service:api", "resource_name:get_/api/orders" }, query_index = 1, unit = (object?)null } },
                    times = new[] { utcMidnight.ToUnixTimeMilliseconds() },
                    values = new[] { new[] { 0.5 } },
                },
            },
        };
        host.Fake.Inject("/api/v2/query/timeseries", FakeDatadogAnswer.Json(System.Text.Json.JsonSerializer.Serialize(answer)),
            bodyContains: "daily, 12am");

        var summary = await host.CollectAsync();

        var run = Assert.Single(await host.Temp.Store.GetRunsAsync("prod"), r => r.Stream == Sources.Datadog.DatadogSource.LatencyStream);
        output.WriteLine($"{summary}; latency run {run.Status}: {run.Error}");
        Assert.Equal(RunStatus.Partial, run.Status);
        Assert.Contains("do not start a local day or week in Asia/Tokyo", run.Error, StringComparison.Ordinal);
        Assert.Empty(await host.Temp.Store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Day, (Dims.Env, "prod"), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent)),
            new TimeWindow(utcMidnight, utcMidnight + TimeSpan.FromHours(1))));
    }

    // Every complete local day of the backfill, and today so far, stored at its local midnight (for the first one before
    // the backfill's start) with the exact p95 of its own requests (nearest rank, as the fake's Datadog side holds it).
    private async Task<(List<TimeWindow> Days, IReadOnlyList<Point> Stored)> AssertEachLocalDayHasItsExactP95Async(DatadogTestHost host, ZoneCalendar calendar,
        TimeWindow backfill, List<(DateTimeOffset Hour, double[] Values)> samples)
    {
        var stored = await StoredP95Async(host, Resolution.Day, backfill);
        var days = calendar.DaysIn(backfill).Where(d => d.End > backfill.Start).ToList();
        Assert.Equal(days.Select(d => d.Start.UtcDateTime), stored.Select(p => p.Timestamp.UtcDateTime));
        foreach (var day in days)
        {
            var exact = Math.Round(Percentile95(samples.Where(s => day.Contains(s.Hour)).SelectMany(s => s.Values)), 3);
            var value = stored.Single(p => p.Timestamp == day.Start).Value;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateOnly.FromDateTime(calendar.ToLocal(day.Start).DateTime):yyyy-MM-dd}: stored p95 {value} ms, exact {exact} ms"));
            Assert.Equal(exact, value);
        }
        return (days, stored);
    }

    // The route's stored p95 series at a resolution, from a week before the backfill to a week after it.
    private static async Task<IReadOnlyList<Point>> StoredP95Async(DatadogTestHost host, Resolution resolution, TimeWindow backfill) =>
        (await host.Temp.Store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, resolution, (Dims.Env, "prod"), (Dims.Path, Path), (Dims.Tenant, SeriesFilter.Absent)),
            new TimeWindow(backfill.Start - TimeSpan.FromDays(7), backfill.End + TimeSpan.FromDays(7)))).Single().Points;

    // Three weeks of backfill of one environment (endpoints only) against a fake holding the data's own Datadog side.
    private async Task<DatadogTestHost> HostAsync(TempStore temp, ZoneCalendar calendar, bool rejectCalendarRollups = false)
    {
        var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 21, environments: ["prod"], data: new DemoDatadogData(temp.Store, calendar), configure: o => o.TenantMetric = "");
        host.Fake.RejectCalendarRollups = rejectCalendarRollups;
        return host;
    }

    // The samples from the Monday before the backfill to now, and Datadog's side of them committed to the fake's store.
    private static async Task<List<(DateTimeOffset Hour, double[] Values)>> DatadogSideAsync(TempStore temp, ZoneCalendar calendar, TimeWindow backfill)
    {
        var samples = Samples(calendar, new TimeWindow(calendar.WeekOf(backfill.Start).Start, DemoSetup.Now));
        await temp.Store.CommitAsync(DatadogSide(calendar, samples));
        return samples;
    }

    // Latencies (ms) of each hour's requests: a slow tail in two hours a day, so a day's p95 differs from the mean of its hours'.
    private static List<(DateTimeOffset Hour, double[] Values)> Samples(ZoneCalendar calendar, TimeWindow window)
    {
        var result = new List<(DateTimeOffset, double[])>();
        var i = 0;
        for (var hour = window.Start; hour < window.End; hour += TimeSpan.FromHours(1), i++)
        {
            // Each local date has its own level, so a day cut at another hour (UTC midnight, say) would read another p95.
            var local = calendar.ToLocal(hour);
            var level = 80.0 + (9 * (local.Day % 5));
            var slow = local.Hour is 2 or 14;
            result.Add((hour, Enumerable.Range(0, SamplesPerHour).Select(k => level + ((i * 7 + k * 13) % 41) + (slow && k >= SamplesPerHour - 3 ? 900 + (k * 11) : 0)).ToArray()));
        }
        return result;
    }

    // What Datadog holds for the demo's routes, in the fake's terms: hourly p95 and counts, and the exact p95 and count
    // of each local day and ISO week, computed from the requests themselves.
    private static List<SeriesPoints> DatadogSide(ZoneCalendar calendar, List<(DateTimeOffset Hour, double[] Values)> samples)
    {
        SeriesKey Key(string metric, Resolution resolution) => new(metric, resolution, (Dims.Env, "prod"), (Dims.Path, Path), (Dims.Service, Service));
        var batch = new List<SeriesPoints>
        {
            new(Key(Metrics.LatencyP95, Resolution.Hour), samples.Select(s => new Point(s.Hour, Percentile95(s.Values))).ToList()),
            new(Key(Metrics.Requests, Resolution.Hour), samples.Select(s => new Point(s.Hour, s.Values.Length)).ToList()),
        };
        foreach (var (resolution, periodOf) in new (Resolution, Func<DateTimeOffset, TimeWindow>)[] { (Resolution.Day, calendar.DayOf), (Resolution.Week, calendar.WeekOf) })
        {
            var periods = samples.GroupBy(s => periodOf(s.Hour).Start).ToList();
            batch.Add(new(Key(Metrics.LatencyP95, resolution), periods.Select(g => new Point(g.Key, Percentile95(g.SelectMany(s => s.Values)))).ToList()));
            batch.Add(new(Key(Metrics.Requests, resolution), periods.Select(g => new Point(g.Key, g.Sum(s => s.Values.Length))).ToList()));
        }
        return batch;
    }

    // Nearest rank: the smallest value with at least 95 % of the values at or below it.
    private static double Percentile95(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Ceiling(0.95 * sorted.Length) - 1];
    }
}
