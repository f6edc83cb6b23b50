using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OpsReport.Core.Telemetry;

namespace OpsReport.Web.Hosting;

/// <summary>
/// OpsReport watching itself: traces and metrics over OTLP (to an OpenTelemetry Collector, or the Datadog Agent's OTLP
/// receiver), only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Everything else is the SDK's standard variables:
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (grpc or http/protobuf), <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>
/// (default <c>opsreport</c>), <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>, <c>OTEL_BSP_SCHEDULE_DELAY</c>.
/// </summary>
internal static class TelemetryRegistration
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string DefaultServiceName = "opsreport";

    public static bool IsEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[EndpointVariable]);

    public static void AddOpsReportTelemetry(this IHostApplicationBuilder builder)
    {
        if (!IsEnabled(builder.Configuration))
            return;
        // OTEL_SERVICE_NAME is read by the SDK's own resource detector; a name given here would override it.
        var serviceNamed = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!serviceNamed)
                    resource.AddService(DefaultServiceName, serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString());
            })
            .WithTracing(tracing => tracing
                .AddSource(OpsReportTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => IsPageOrApi(context.Request.Path))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(OpsReportTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .UseOtlpExporter();
    }

    /// <summary>
    /// A CLI host is built but never started, so the hosted service that creates the providers never runs: creating them
    /// here makes a <c>collect</c> or <c>report send</c> traced too (disposing the host flushes what was recorded).
    /// </summary>
    public static IHost StartTelemetry(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (IsEnabled(host.Services.GetRequiredService<IConfiguration>()))
        {
            host.Services.GetService<TracerProvider>();
            host.Services.GetService<MeterProvider>();
        }
        return host;
    }

    // Health probes and static files would drown the page and API requests that say how the dashboard is used. CSV
    // exports and report PDFs have a file extension too, and are kept.
    private static bool IsPageOrApi(PathString path)
    {
        if (path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz"))
            return false;
        return !Path.HasExtension(path.Value) || path.StartsWithSegments("/api") || path.StartsWithSegments("/reports");
    }
}
