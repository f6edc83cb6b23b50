using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Collectors.Tests.Datadog.Support;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>The typed client against the fake: rate limits, throttling with and without headers, error bodies, keys.</summary>
[Collection(DatadogCollection.Name)]
public sealed class DatadogApiClientTests(DatadogDemoFixture demo)
{
    private const string Query = "/api/v1/query";
    private static readonly TimeWindow LastDay = new(DemoSetup.Now.AddDays(-1), DemoSetup.Now.AddDays(-1).AddHours(6));

    [Fact]
    public async Task Query_429WithRateLimitReset_WaitsTheResetAndSucceeds()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Fake.Inject(Query, FakeDatadogAnswer.TooManyRequests(resetSeconds: 37));
        var (api, meter) = Api(host);

        var series = await api.QueryAsync(MemoryQuery, LastDay, CancellationToken.None);

        Assert.NotEmpty(series);
        Assert.Equal(2, host.Fake.Count(Query));
        Assert.Equal(2, meter.Calls);
        // The wait is Datadog's reset (virtual time), not a guess, plus the margin for its whole seconds rounded down and jitter.
        Assert.Contains(host.Clock.Waits, w => w >= TimeSpan.FromSeconds(37) + DatadogRateLimits.ResetMargin && w <= TimeSpan.FromSeconds(37) + DatadogRateLimits.ResetMargin + DatadogRateLimits.MaxJitter);
        Assert.True(host.Clock.Elapsed >= TimeSpan.FromSeconds(38));
    }

    [Fact]
    public async Task Query_429MoreTimesThanAttemptsWithKnownReset_WaitsEachResetAndSucceeds()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        var times = DatadogTestHost.FastRetries.MaxAttempts + 2;
        host.Fake.Inject(Query, FakeDatadogAnswer.TooManyRequests(resetSeconds: 2), times: times);
        var (api, meter) = Api(host);

        var series = await api.QueryAsync(MemoryQuery, LastDay, CancellationToken.None);

        Assert.NotEmpty(series);
        Assert.Equal(times + 1, meter.Calls);
        // Never before the announced reset: every retry waited at least the reset plus the margin.
        Assert.Equal(times, host.Clock.Waits.Count(w => w >= TimeSpan.FromSeconds(2) + DatadogRateLimits.ResetMargin));
    }

    [Fact]
    public async Task Query_LimitNotResettingWithinTheMaximumWait_FailsTheCall()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Fake.Inject(Query, FakeDatadogAnswer.TooManyRequests(resetSeconds: 3600));
        var (api, _) = Api(host);

        var e = await Assert.ThrowsAsync<DatadogApiException>(() => api.QueryAsync(MemoryQuery, LastDay, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Equal(1, host.Fake.Count(Query));
    }

    [Fact]
    public async Task Query_429WithHtmlBody_BacksOffAndSucceeds()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Fake.Inject(Query, FakeDatadogAnswer.HtmlTooManyRequests(), times: 2);
        var (api, meter) = Api(host);

        var series = await api.QueryAsync(MemoryQuery, LastDay, CancellationToken.None);

        Assert.NotEmpty(series);
        Assert.Equal(3, meter.Calls);
        // Without a reset header: exponential backoff (5 ms, then 10 ms ceilings in the test settings).
        Assert.Equal(2, host.Clock.Waits.Count);
        Assert.True(host.Clock.Waits[1] > TimeSpan.Zero);
    }

    [Fact]
    public async Task Query_429HtmlEveryTime_FailsNamingEnvironmentAndPage()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Fake.Inject(Query, FakeDatadogAnswer.HtmlTooManyRequests(), times: DatadogTestHost.FastRetries.MaxAttempts);
        var (api, meter) = Api(host);

        var e = await Assert.ThrowsAsync<DatadogApiException>(() => api.QueryAsync(MemoryQuery, LastDay, CancellationToken.None));

        Assert.Equal(DatadogTestHost.FastRetries.MaxAttempts, meter.Calls);
        Assert.StartsWith("prod: Datadog GET /api/v1/query answered 429 (HTML page: 429 Too Many Requests)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_StatusErrorInsideA200_Throws()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Fake.Inject(Query, FakeDatadogAnswer.Json("""{"status":"error","res_type":"time_series","series":[],"error":"Error parsing query: unexpected token"}"""));
        var (api, meter) = Api(host);

        var e = await Assert.ThrowsAsync<DatadogApiException>(() => api.QueryAsync(MemoryQuery, LastDay, CancellationToken.None));

        Assert.Equal(1, meter.Calls);
        Assert.Contains("status error: Error parsing query: unexpected token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ServerErrorThenSuccess_Retries()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Fake.Inject(Query, new FakeDatadogAnswer(503, "upstream unavailable", "text/plain"));
        var (api, meter) = Api(host);

        Assert.NotEmpty(await api.QueryAsync(MemoryQuery, LastDay, CancellationToken.None));
        Assert.Equal(2, meter.Calls);
    }

    [Fact]
    public async Task Query_NearTheLimit_SlowsDownBeforeItRunsOut()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        // Datadog's per-endpoint limit as its headers tell it: 5 requests per 60 s.
        host.Fake.Limit(Query, 5, TimeSpan.FromSeconds(60));
        var (api, meter) = Api(host);

        for (var i = 0; i < 12; i++)
            await api.QueryAsync(MemoryQuery, LastDay, CancellationToken.None);

        // No request was refused: the client waited for the reset when one request was left for others.
        Assert.Equal(12, host.Fake.Count(Query));
        Assert.Equal(12, meter.Calls);
        Assert.True(host.Clock.Elapsed >= TimeSpan.FromSeconds(120), $"elapsed {host.Clock.Elapsed}");
        var perPeriod = host.Fake.Requests.GroupBy(r => r.At.ToUnixTimeSeconds() / 60).Max(g => g.Count());
        Assert.True(perPeriod <= 4, $"{perPeriod} requests in one 60 s period");
    }

    [Fact]
    public async Task Query_InvalidKeys_FailsWith403NamingTheEnvironmentNotTheKey()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Variables["DD_APP_KEY"] = "not-the-right-application-key";
        var (api, meter) = Api(host);

        var e = await Assert.ThrowsAsync<DatadogApiException>(() => api.QueryAsync(MemoryQuery, LastDay, CancellationToken.None));

        Assert.True(e.IsForbidden);
        Assert.Equal(1, meter.Calls);
        Assert.StartsWith("prod: Datadog GET /api/v1/query answered 403 (Forbidden); check the keys (DD_API_KEY / DD_APP_KEY", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-right", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDatadogServer.ApiKey, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_NoKeys_NamesTheVariablesAndConfigKeys()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"]);
        host.Variables.Clear();

        var e = Assert.Throws<DatadogConfigurationException>(() => host.Connections.For("prod"));

        Assert.Equal("prod: no Datadog API and application keys; set DD_API_KEY and DD_APP_KEY (or OpsReport:Environments:0:Datadog:ApiKey / OpsReport:Environments:0:Datadog:AppKey).", e.Message);
    }

    [Fact]
    public async Task Connection_Site_BuildsTheApiHostAndNeverShowsKeys()
    {
        await using var host = await DatadogTestHost.CreateAsync(demo, environments: ["prod"], configure: dd => dd.BaseUrl = null);
        host.Variables["DD_SITE"] = "app.datadoghq.eu";

        var connection = host.Connections.For("prod");

        Assert.Equal(new Uri("https://api.datadoghq.eu/"), connection.BaseUri);
        Assert.DoesNotContain(FakeDatadogServer.ApiKey, connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDatadogServer.AppKey, connection.ToString(), StringComparison.Ordinal);
    }

    private const string MemoryQuery = "max:container.memory.usage{env:prod} by {service}";

    private static (DatadogReadApi Api, DatadogUsageMeter Meter) Api(DatadogTestHost host)
    {
        var meter = new DatadogUsageMeter();
        return (new DatadogReadApi(host.Client, host.Connections.For("prod"), meter), meter);
    }
}
