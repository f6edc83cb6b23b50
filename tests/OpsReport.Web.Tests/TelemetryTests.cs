using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OpsReport.Collectors.Runner;
using OpsReport.Core.Analysis;
using OpsReport.Reports;
using OpsReport.Reports.Outbox;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>Tests that set process environment variables (OTEL_*) and listen to process-wide telemetry: run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}

/// <summary>
/// OpsReport watching itself: off without an OTLP endpoint; with one, pages, API calls, collection windows, analysis,
/// renders and deliveries are traced and measured (read back with the in-memory exporter) and exported over OTLP/HTTP
/// protobuf to a receiver on loopback, by the web host and by the CLI, with the standard OTEL_* variables.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _data = new();
    private readonly Dictionary<string, string?> _saved = [];

    [Fact]
    public void Host_NoOtlpEndpoint_RegistersNoTelemetry()
    {
        Set("OTEL_EXPORTER_OTLP_ENDPOINT", null);
        using var app = App();

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Serve_OtlpEndpointSet_TracesAndMeasuresTheWorkAndPostsItAsProtobuf()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        Set("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint);
        Set("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        Set("OTEL_SERVICE_NAME", "opsreport-under-test");
        Set("OTEL_BSP_SCHEDULE_DELAY", "200");
        Set("OTEL_METRIC_EXPORT_INTERVAL", "500");
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using (var app = App(services => services
            .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))
            .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics))))
        {
            using var client = app.CreateClient();
            var now = DateTimeOffset.UtcNow;
            var collect = await app.Services.GetRequiredService<CollectionRunner>()
                .RunOnceAsync(new CollectionRequest("demo", "prod", now.AddHours(-3), now.AddHours(-1)), null, CancellationToken.None);
            Assert.Empty(collect.Failures);
            Assert.True((await client.GetAsync("/api/overview?env=prod")).IsSuccessStatusCode);
            Assert.True((await client.GetAsync("/?env=prod")).IsSuccessStatusCode);
            await app.Services.GetRequiredService<AnalysisRunner>().RunAsync("prod");
            // A week with almost no data: rendered, then not sent (never an empty report), which counts as a failed delivery.
            var sent = await app.Services.GetRequiredService<ReportSender>().SendAsync(new ReportRequest("weekly", "prod", "2026-W40"));
            Assert.Equal(SendStatus.NoData, sent.Status);

            app.Services.GetRequiredService<TracerProvider>().ForceFlush();
            app.Services.GetRequiredService<MeterProvider>().ForceFlush();

            Assert.Contains(spans, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/api/overview");
            Assert.Contains(spans, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("url.path") == "/");
            var windows = spans.Where(s => s.DisplayName.StartsWith("collect demo ", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(windows);
            Assert.All(windows, w => Assert.Equal("succeeded", w.GetTagItem("opsreport.outcome")));
            Assert.Contains(spans, s => s.DisplayName == "analyze" && (string?)s.GetTagItem("opsreport.environments") == "prod");
            var deliver = Assert.Single(spans, s => s.DisplayName == "deliver report");
            Assert.Equal("no_data", deliver.GetTagItem("opsreport.outcome"));
            Assert.Equal(ActivityStatusCode.Error, deliver.Status);
            var render = Assert.Single(spans, s => s.DisplayName == "render report pdf");
            Assert.Equal(deliver.SpanId, render.ParentSpanId);

            Assert.Contains(metrics, m => m.Name == "opsreport.findings.open");
            Assert.Contains(metrics, m => m.Name == "opsreport.collection.lag");
            Assert.Contains(metrics, m => m.Name == "opsreport.report.render.duration");
            Assert.Contains(metrics, m => m.Name == "opsreport.delivery.failures");
            Assert.Contains(metrics, m => m.Name == "http.server.request.duration");
        }

        // The same data went out over OTLP/HTTP protobuf, under the service name from OTEL_SERVICE_NAME.
        var traces = await receiver.WaitForAsync("traces", "deliver report", Wait);
        Assert.Equal("application/x-protobuf", traces.ContentType);
        Assert.True(traces.Contains("opsreport-under-test"), "service.name from OTEL_SERVICE_NAME is not in the export");
        await receiver.WaitForAsync("metrics", "opsreport.delivery.failures", Wait);
    }

    [Fact]
    public async Task Collect_OtlpEndpointSet_CliExportsItsCollectionWindows()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var cli = new CliProcess(_data.Path)
            .With("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint)
            .With("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .With("OTEL_SERVICE_NAME", "opsreport-cli-under-test");

        var result = await cli.RunAsync("collect", "--source", "demo", "--env", "prod", "--from", "2026-11-20T00:00Z", "--to", "2026-11-20T03:00Z",
            "--data-dir", Path.Combine(_data.Path, "data"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var traces = await receiver.WaitForAsync("traces", "collect demo", Wait);
        Assert.True(traces.Contains("opsreport-cli-under-test"), "service.name from OTEL_SERVICE_NAME is not in the export");
        Assert.True(traces.Contains("opsreport.api_calls"), "the window's cost is not on its span");
        await receiver.WaitForAsync("metrics", "opsreport.collection.lag", Wait);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
            Environment.SetEnvironmentVariable(name, value);
        _data.Dispose();
    }

    private WebApplicationFactory<Program> App(Action<IServiceCollection>? services = null)
    {
        Set("OpsReport__DataDir", Path.Combine(_data.Path, "data"));
        Set("OpsReport__DashboardsDir", RepositoryPaths.Dashboards);
        Set("OpsReport__Collection__Enabled", "false");
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.ConfigureTestServices(s => services?.Invoke(s)));
    }

    // WebApplication.CreateBuilder reads the process environment as the host would in production; the values are put back
    // when the test ends.
    private void Set(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }
}
