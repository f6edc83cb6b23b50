using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;
using OpsReport.Core.Telemetry;

namespace OpsReport.Collectors.Tests.Runner;

/// <summary>
/// What the runner tells OpenTelemetry, read back through the SDK's in-memory exporter: a span per collection window with
/// its cost and outcome, API calls and cost per source, lag per stream. Each test uses a source name of its own, since
/// the activity source and meter are process-wide.
/// </summary>
public sealed class CollectionTelemetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 30, 0, TimeSpan.Zero);
    private static readonly ApiUsage PerWindow = new(ApiCalls: 3, MetricsRequested: 10, BytesScanned: 5_000_000, EstimatedUsd: 0.025m);

    [Fact]
    public async Task RunOnceAsync_OneDayOfHourlyWindows_SpanPerWindowWithCostAndCountersPerSource()
    {
        using var telemetry = new Capture();
        await using var temp = await TempStore.CreateAsync();
        var source = new BilledSource("telemetry-ok", fail: false);
        var runner = RunnerSetup.Runner(temp.Store, new ManualTimeProvider(Now), DemoSetup.Options(backfillDays: 1), source);

        var summary = await runner.RunOnceAsync(new CollectionRequest("telemetry-ok", "prod"), null, CancellationToken.None);
        var (spans, metrics) = telemetry.Flush();

        Assert.Empty(summary.Failures);
        var windows = Ours(spans, "telemetry-ok");
        Assert.Equal(24, windows.Count);
        Assert.All(windows, w =>
        {
            Assert.Equal("collect telemetry-ok metrics", w.DisplayName);
            Assert.Equal("prod", w.GetTagItem("opsreport.environment"));
            Assert.Equal("metrics", w.GetTagItem("opsreport.stream"));
            Assert.Equal(3, w.GetTagItem("opsreport.api_calls"));
            Assert.Equal(5_000_000L, w.GetTagItem("opsreport.bytes_scanned"));
            Assert.Equal("succeeded", w.GetTagItem("opsreport.outcome"));
            Assert.NotEqual(ActivityStatusCode.Error, w.Status);
        });
        Assert.Equal("2026-11-21T00:00:00.0000000+00:00", windows.Select(w => (string)w.GetTagItem("opsreport.window.start")!).Min(StringComparer.Ordinal));
        Assert.Equal("2026-11-22T00:00:00.0000000+00:00", windows.Select(w => (string)w.GetTagItem("opsreport.window.end")!).Max(StringComparer.Ordinal));
        Assert.Equal(24 * 3, Sum(metrics, "opsreport.source.api_calls", "telemetry-ok"));
        Assert.Equal(24 * 5_000_000, Sum(metrics, "opsreport.source.bytes_scanned", "telemetry-ok"));
        Assert.Equal(24 * 0.025, Sum(metrics, "opsreport.source.estimated_cost", "telemetry-ok"), 6);
        // Collected up to 00:00 at 00:30: the stream is 30 minutes behind.
        Assert.Equal(1800, Sum(metrics, "opsreport.collection.lag", "telemetry-ok"));
    }

    [Fact]
    public async Task RunOnceAsync_WindowFails_SpanIsAnErrorAndItsRequestsAreCounted()
    {
        using var telemetry = new Capture();
        await using var temp = await TempStore.CreateAsync();
        var runner = RunnerSetup.Runner(temp.Store, new ManualTimeProvider(Now), DemoSetup.Options(backfillDays: 1), new BilledSource("telemetry-failing", fail: true));

        var summary = await runner.RunOnceAsync(new CollectionRequest("telemetry-failing", "prod"), null, CancellationToken.None);
        var (spans, metrics) = telemetry.Flush();

        Assert.Single(summary.Failures);
        var window = Assert.Single(Ours(spans, "telemetry-failing"));
        Assert.Equal(ActivityStatusCode.Error, window.Status);
        Assert.Equal("failed", window.GetTagItem("opsreport.outcome"));
        Assert.Contains("throttled", window.StatusDescription, StringComparison.Ordinal);
        Assert.Equal(3, window.GetTagItem("opsreport.api_calls"));
        Assert.Equal(3, Sum(metrics, "opsreport.source.api_calls", "telemetry-failing"));
    }

    /// <summary>OpsReport's spans and metrics through the SDK's in-memory exporter, as the web host would export them.</summary>
    private sealed class Capture : IDisposable
    {
        private readonly List<Activity> _spans = [];
        private readonly List<Metric> _metrics = [];
        private readonly TracerProvider _tracing;
        private readonly MeterProvider _meters;

        public Capture()
        {
            _tracing = Sdk.CreateTracerProviderBuilder().AddSource(OpsReportTelemetry.Name).AddInMemoryExporter(_spans).Build();
            _meters = Sdk.CreateMeterProviderBuilder().AddMeter(OpsReportTelemetry.Name).AddInMemoryExporter(_metrics).Build();
        }

        public (List<Activity> Spans, List<Metric> Metrics) Flush()
        {
            _tracing.ForceFlush();
            _meters.ForceFlush();
            return (_spans, _metrics);
        }

        public void Dispose()
        {
            _tracing.Dispose();
            _meters.Dispose();
        }
    }

    private static List<Activity> Ours(List<Activity> spans, string source) =>
        spans.Where(s => (string?)s.GetTagItem("opsreport.source") == source).ToList();

    /// <summary>The sum of a metric's points tagged with the source (a gauge has one point per stream).</summary>
    private static double Sum(List<Metric> metrics, string name, string source)
    {
        double total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var ours = false;
                foreach (var tag in point.Tags)
                    ours |= tag.Key == "opsreport.source" && (string?)tag.Value == source;
                if (!ours)
                    continue;
                total += metric.MetricType switch
                {
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                    MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                    MetricType.LongGauge => point.GetGaugeLastValueLong(),
                    _ => point.GetGaugeLastValueDouble(),
                };
            }
        }
        return total;
    }

    /// <summary>A source whose every window costs <see cref="PerWindow"/>, or fails after spending it (a throttled API).</summary>
    private sealed class BilledSource(string name, bool fail) : ISource
    {
        public string Name => name;

        public IReadOnlyList<SourceStream> GetStreams(string environment) =>
            environment == "prod" ? [new SourceStream(name, environment, "metrics", TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.Zero)] : [];

        public Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken)
        {
            if (!fail)
                return Task.FromResult(new SourceBatch([], PerWindow, []));
            var error = new InvalidOperationException("throttled after 3 retries");
            SpentUsage.Attach(error, PerWindow);
            throw error;
        }
    }
}
