using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;
using Xunit.Abstractions;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>
/// The first backfill is paced by Datadog's own rate-limit headers, not by a fixed budget: against the fake enforcing
/// the documented limits, two environments over 35 days finish in a few minutes of virtual time with no 429, an idle
/// pass right after sends nothing, and a tight endpoint limit is waited out at each reset instead of hit.
/// </summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogBackfillPaceTests(DatadogDemoFixture demo, ITestOutputHelper output)
{
    // A Datadog round trip as seen from a collector in another region; the virtual clock moves by it per request.
    private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Collect_FirstBackfillOfTwoEnvironmentsAtDocumentedLimits_NoTooManyRequestsAndUnderFiveMinutes()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo);
        host.Fake.DocumentedLimits();
        host.Fake.OnRequest = () => host.Clock.Advance(RoundTrip);

        var summary = await host.CollectAsync();
        var elapsed = host.Clock.Elapsed;

        output.WriteLine($"first backfill: {host.Fake.Requests.Count} requests, {host.Fake.TooManyRequests} answered 429, {elapsed.TotalSeconds:0} s of virtual time ({RoundTrip.TotalMilliseconds:0} ms per request); {summary}");
        foreach (var group in host.Fake.Requests.GroupBy(r => r.Method + " " + r.Path))
            output.WriteLine($"  {group.Key}: {group.Count()}");
        // What the per-period plan (one scalar request per local day and ISO week, endpoints and tenants apart, and an
        // hourly request per day) would have added for the same backfill, from the calendar alone.
        var backfill = new TimeWindow(DemoSetup.Now - TimeSpan.FromDays(35), DemoSetup.Now);
        var calendar = demo.Data.Calendar;
        var periods = calendar.DaysIn(backfill).Count(d => d.End > backfill.Start && d.End <= backfill.End) + calendar.WeeksIn(backfill).Count(w => w.End > backfill.Start && w.End <= backfill.End) + 2;
        output.WriteLine($"the per-period plan: {2 * 2 * periods} scalar requests and {2 * 35} daily latency requests, where this plan sends {host.Fake.Count("/api/v2/query/scalar")} scalar and {host.Fake.Requests.Count(r => r.Body.Contains("daily, 12am", StringComparison.Ordinal))} calendar-rolled-up timeseries requests");
        Assert.Equal(0, host.Fake.Count("/api/v2/query/scalar"));
        Assert.Empty(summary.Failures);
        Assert.Empty(host.Fake.Errors);
        Assert.Equal(0, host.Fake.TooManyRequests);
        Assert.Equal(host.Fake.Requests.Count, summary.ApiCalls);
        Assert.True(elapsed < TimeSpan.FromMinutes(5), $"the backfill took {elapsed} of virtual time");

        // Nothing new has happened: an idle pass asks Datadog nothing.
        var before = host.Fake.Requests.Count;
        var idle = await host.CollectAsync();
        output.WriteLine($"idle pass: {idle}");
        Assert.Empty(idle.Failures);
        Assert.Equal(before, host.Fake.Requests.Count);
        Assert.Equal(0, idle.ApiCalls);
    }

    [Fact]
    public async Task Collect_TightEndpointLimit_WaitsForEachResetWithoutA429()
    {
        const int limit = 5;
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Fake.Limit("/api/v2/query/timeseries", limit, TimeSpan.FromMinutes(1));
        host.Fake.OnRequest = () => host.Clock.Advance(RoundTrip);

        var summary = await host.CollectAsync();

        var limited = host.Fake.Requests.Where(r => r.Path == "/api/v2/query/timeseries").Select(r => r.At).Order().ToList();
        var busiestMinute = limited.GroupBy(t => t.UtcTicks / TimeSpan.TicksPerMinute).Max(g => g.Count());
        output.WriteLine($"{limited.Count} timeseries requests over {limited[^1] - limited[0]} (virtual), busiest calendar minute {busiestMinute}, {host.Fake.TooManyRequests} answered 429; {summary}");
        Assert.Empty(summary.Failures);
        Assert.Equal(0, host.Fake.TooManyRequests);
        Assert.True(limited.Count > 2 * limit, $"only {limited.Count} timeseries requests: the limit was never reached");
        Assert.True(busiestMinute <= limit);
        // Waiting for the reset, not guessing: about one minute per limit's worth of requests, not much more.
        Assert.InRange(limited[^1] - limited[0], TimeSpan.FromMinutes((limited.Count / limit) - 1), TimeSpan.FromMinutes((limited.Count / (limit - 1)) + 2));
    }
}
