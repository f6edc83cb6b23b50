using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Telemetry;

/// <summary>
/// OpsReport's own traces and metrics, through System.Diagnostics only: the projects where the work happens record here,
/// and the web host exports them over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (nothing listens otherwise, so
/// recording costs next to nothing).
/// </summary>
public static class OpsReportTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "OpsReport";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>How far behind now a stream's collected data ends, in seconds, after each pass over it.</summary>
    public static readonly Gauge<double> CollectionLag = Meter.CreateGauge<double>("opsreport.collection.lag", "s",
        "Time between now and the end of the data collected for a stream.");

    /// <summary>Calls made to a source's API (AWS, Datadog), failed windows included.</summary>
    public static readonly Counter<long> ApiCalls = Meter.CreateCounter<long>("opsreport.source.api_calls", "{call}",
        "API calls made to a source, failed windows included.");

    /// <summary>Bytes a source scanned (Logs Insights bills per GB scanned).</summary>
    public static readonly Counter<long> BytesScanned = Meter.CreateCounter<long>("opsreport.source.bytes_scanned", "By",
        "Bytes scanned by a source's queries.");

    /// <summary>What the calls to a source are estimated to cost, in US dollars.</summary>
    public static readonly Counter<double> EstimatedCost = Meter.CreateCounter<double>("opsreport.source.estimated_cost", "USD",
        "Estimated cost of the API calls made to a source.");

    /// <summary>Open findings per environment and severity after each analysis run.</summary>
    public static readonly Gauge<long> OpenFindings = Meter.CreateGauge<long>("opsreport.findings.open", "{finding}",
        "Open findings after the latest analysis run.");

    /// <summary>Report deliveries that failed (each attempt), by channel and whether they were given up.</summary>
    public static readonly Counter<long> DeliveryFailures = Meter.CreateCounter<long>("opsreport.delivery.failures", "{delivery}",
        "Report deliveries that failed.");

    /// <summary>Time to render one report PDF.</summary>
    public static readonly Histogram<double> RenderDuration = Meter.CreateHistogram<double>("opsreport.report.render.duration", "s",
        "Time to render one report PDF.");

    /// <summary>Adds one window's usage to the per-source counters.</summary>
    public static void RecordUsage(StreamId stream, ApiUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var tags = new TagList { { "opsreport.source", stream.Source }, { "opsreport.environment", stream.Environment } };
        if (usage.ApiCalls > 0)
            ApiCalls.Add(usage.ApiCalls, tags);
        if (usage.BytesScanned > 0)
            BytesScanned.Add(usage.BytesScanned, tags);
        if (usage.EstimatedUsd > 0)
            EstimatedCost.Add((double)usage.EstimatedUsd, tags);
    }

    /// <summary>Puts a stream's identity on an activity (the same tags the metrics carry).</summary>
    public static void TagStream(Activity? activity, StreamId stream)
    {
        activity?.SetTag("opsreport.source", stream.Source);
        activity?.SetTag("opsreport.environment", stream.Environment);
        activity?.SetTag("opsreport.stream", stream.Stream);
    }

    /// <summary>Marks an activity failed with the exception's type and a one-line message (never a secret: callers pass masked text).</summary>
    public static void Fail(Activity? activity, Exception error, string message)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (activity is null)
            return;
        activity.SetStatus(ActivityStatusCode.Error, message);
        activity.SetTag("error.type", error.GetType().FullName);
        activity.SetTag("opsreport.outcome", "failed");
    }
}
