using OpsReport.Core.Analysis;
using OpsReport.Core.Domain;
using OpsReport.Core.Slos;
using OpsReport.Core.Time;

namespace OpsReport.Core.Tests.Analysis;

/// <summary>SLOs no source can count are named with the reason, so they show "no data" rather than a guess.</summary>
public sealed class SloCoverageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 3, 0, 0, TimeSpan.Zero);
    private static readonly string Alb = AggregatePaths.LoadBalancer("shop-alb");

    // What the sources wrote: request logs of two routes (one with a 2 s threshold count), Datadog hits of one of them, the
    // ALB's totals, a tenant-only route, and a staging route whose logs have no status field (no errors).
    private static readonly SeriesKey[] Keys =
    [
        Key(Metrics.Requests, "prod", "/api/exports/{id}"),
        Key(Metrics.Errors, "prod", "/api/exports/{id}"),
        Key(Metrics.RequestsWithinThreshold, "prod", "/api/exports/{id}").With(Dims.ThresholdMs, "2000"),
        Key(Metrics.Requests, "prod", "/api/users/{id}"),
        Key(Metrics.Errors, "prod", "/api/users/{id}"),
        // The same route seen by Datadog APM, with its service: the same requests again.
        Key(Metrics.Requests, "prod", "/api/exports/{id}").With(Dims.Service, "api"),
        Key(Metrics.Requests, "prod", Alb).With(Dims.Service, "shop-alb"),
        Key(Metrics.Errors, "prod", Alb).With(Dims.Service, "shop-alb"),
        Key(Metrics.Requests, "prod", "/api/tenant-only").With(Dims.Tenant, "t-001"),
        Key(Metrics.Requests, "staging", "/api/users/{id}"),
        Key(Metrics.LatencyP95, "prod", "/api/latency-only"),
    ];

    [Fact]
    public void Gaps_SourcesCountingSomeSlos_NamesEachUncountableSloWithItsReason()
    {
        SloDefinition[] slos =
        [
            Latency("exports-fast", "prod", "/api/exports/{id}", TimeSpan.FromSeconds(2)),
            Latency("exports-faster", "prod", "/api/exports/{id}", TimeSpan.FromMilliseconds(500)),
            Availability("exports-available", "prod", "/api/exports/{id}"),
            Latency("exports-api-fast", "prod", "/api/exports/{id}", TimeSpan.FromSeconds(2), "api"),
            Availability("shop-available", "prod", "*", "shop-alb"),
            Latency("shop-fast", "prod", "*", TimeSpan.FromSeconds(1), "shop-alb"),
            Availability("prod-available", "prod", "*"),
            Availability("unknown-route", "prod", "/api/unknown"),
            Availability("tenant-only", "prod", "/api/tenant-only"),
            Latency("latency-percentiles-only", "prod", "/api/latency-only", TimeSpan.FromSeconds(1)),
            Availability("staging-available", "staging", "*"),
        ];

        var gaps = SloCoverage.Gaps(slos, Keys).Select(g => (g.Slo.Name, g.Reason)).ToList();

        Assert.Equal(
        [
            ("exports-faster", SloCoverage.NoThresholdCounts),
            ("exports-api-fast", SloCoverage.NoThresholdCounts),
            ("shop-fast", SloCoverage.LoadBalancerOnly),
            ("unknown-route", SloCoverage.NoRequests),
            ("tenant-only", SloCoverage.NoRequests),
            ("latency-percentiles-only", SloCoverage.NoRequests),
            ("staging-available", SloCoverage.NoErrors),
        ], gaps);
    }

    [Fact]
    public void Matching_RequestsSeenByTwoSources_UsesOneSourceNeverBoth()
    {
        var all = SloCoverage.Matching(Availability("prod-available", "prod", "*"), Keys);
        var shop = SloCoverage.Matching(Availability("shop-available", "prod", "*", "shop-alb"), Keys);
        var exports = SloCoverage.Matching(Availability("exports-available", "prod", "/api/exports/{id}"), Keys);
        var exportsOfApi = SloCoverage.Matching(Availability("exports-api-available", "prod", "/api/exports/{id}", "api"), Keys);

        // Request logs only: neither the ALB's totals nor Datadog's hits of the same requests.
        Assert.Equal(5, all.Count);
        Assert.All(all, k => Assert.Null(k[Dims.Service]));
        Assert.Equal(2, shop.Count);
        Assert.All(shop, k => Assert.Equal(Alb, k[Dims.Path]));
        Assert.Equal(3, exports.Count);
        Assert.All(exports, k => Assert.Null(k[Dims.Service]));
        Assert.Equal("api", Assert.Single(exportsOfApi)[Dims.Service]);
        // Without request logs, the service rows: Datadog's application paths before the load balancer's totals.
        var withoutLogs = Keys.Where(k => k[Dims.Service] is not null).ToList();
        Assert.Equal("/api/exports/{id}", Assert.Single(SloCoverage.Matching(Availability("prod-available", "prod", "*"), withoutLogs))[Dims.Path]);
    }

    [Fact]
    public void Detect_SloGap_OneFindingPerSloSayingWhyInEnglishAndJapanese()
    {
        var slo = Latency("shop-fast", "prod", "*", TimeSpan.FromSeconds(1), "shop-alb") with { Title = "Shop answers quickly", TitleJa = "ショップの応答が速い" };
        var input = new CoverageInput(new HashSet<string>(), new HashSet<string>(), new Dictionary<(string, string?), DateTimeOffset>(), new Dictionary<string, int?>(), []);

        var finding = Assert.Single(CoverageDetector.Detect("prod", input, Now, [new SloCoverageGap(slo, SloCoverage.LoadBalancerOnly)]));

        Assert.Equal(FindingKind.Coverage, finding.Kind);
        Assert.Equal(CoverageDetector.SloSubject("shop-fast"), finding.Subject);
        var english = new FindingText("en", new ZoneCalendar("Asia/Tokyo")).Summary(finding);
        var japanese = new FindingText("ja", new ZoneCalendar("Asia/Tokyo")).Summary(finding);
        Assert.Equal("SLO \"Shop answers quickly\" in prod shows no data: only load balancer or Lambda totals count requests for shop-alb all paths, and they do not time each request"
            + " against 1.00 s. Request logs with a duration field (Logs Insights) or a Datadog latency distribution can count it.", english);
        Assert.StartsWith("prod の SLO「ショップの応答が速い」はデータなしです: shop-alb 全パス のリクエストを", japanese);
        Assert.Contains("1.00 s", japanese);
        Assert.Empty(CoverageDetector.Detect("prod", input, Now, []));
    }

    private static SeriesKey Key(string metric, string env, string path) => new(metric, Resolution.Hour, (Dims.Env, env), (Dims.Path, path));

    private static SloDefinition Latency(string name, string env, string path, TimeSpan threshold, string? service = null) =>
        new(name, name, null, env, SliKind.Latency, service, path, threshold, 0.99, SloWindow.Rolling(28), false, "dashboards/slos.yaml", 3);

    private static SloDefinition Availability(string name, string env, string path, string? service = null) =>
        new(name, name, null, env, SliKind.Availability, service, path, null, 0.999, SloWindow.Rolling(28), false, "dashboards/slos.yaml", 3);
}
