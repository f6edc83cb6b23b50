using OpsReport.Collectors.Tests.Datadog.Support;
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
        await using var host = await DatadogTestHost.CreateAsync(demo, backfillDays: 7, environments: ["prod"]);
        host.Fake.Limit("/api/v2/query/scalar", limit, TimeSpan.FromMinutes(1));
        host.Fake.OnRequest = () => host.Clock.Advance(RoundTrip);

        var summary = await host.CollectAsync();

        var scalar = host.Fake.Requests.Where(r => r.Path == "/api/v2/query/scalar").Select(r => r.At).Order().ToList();
        var busiestMinute = scalar.GroupBy(t => t.UtcTicks / TimeSpan.TicksPerMinute).Max(g => g.Count());
        output.WriteLine($"{scalar.Count} scalar requests over {scalar[^1] - scalar[0]} (virtual), busiest calendar minute {busiestMinute}, {host.Fake.TooManyRequests} answered 429; {summary}");
        Assert.Empty(summary.Failures);
        Assert.Equal(0, host.Fake.TooManyRequests);
        Assert.True(scalar.Count > 2 * limit, $"only {scalar.Count} scalar requests: the limit was never reached");
        Assert.True(busiestMinute <= limit);
        // Waiting for the reset, not guessing: about one minute per limit's worth of requests, not much more.
        Assert.InRange(scalar[^1] - scalar[0], TimeSpan.FromMinutes((scalar.Count / limit) - 1), TimeSpan.FromMinutes((scalar.Count / (limit - 1)) + 2));
    }
}
