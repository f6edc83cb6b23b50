using System.Diagnostics;
using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Telemetry;

namespace OpsReport.Collectors.Runner;

/// <summary>The collection runner's spans (one per window) and metrics (usage per source, lag per stream).</summary>
internal static class CollectionTelemetry
{
    /// <summary>A span for one window of one stream; null when nobody listens.</summary>
    public static Activity? StartWindow(StreamId stream, TimeWindow window)
    {
        var activity = OpsReportTelemetry.Source.StartActivity("collect " + stream.Source + " " + stream.Stream);
        OpsReportTelemetry.TagStream(activity, stream);
        activity?.SetTag("opsreport.window.start", window.Start.ToString("O", CultureInfo.InvariantCulture));
        activity?.SetTag("opsreport.window.end", window.End.ToString("O", CultureInfo.InvariantCulture));
        return activity;
    }

    /// <summary>A window whose points were committed: its cost on the span and on the per-source counters.</summary>
    public static void Committed(Activity? activity, StreamId stream, ApiUsage usage, long points, RunStatus status)
    {
        OpsReportTelemetry.RecordUsage(stream, usage);
        if (activity is null)
            return;
        Usage(activity, usage);
        activity.SetTag("opsreport.points", points);
        activity.SetTag("opsreport.outcome", status == RunStatus.Partial ? "partial" : "succeeded");
    }

    /// <summary>A window that failed: what its requests cost all the same, and the error.</summary>
    public static void Failed(Activity? activity, StreamId stream, ApiUsage spent, Exception error, string message)
    {
        OpsReportTelemetry.RecordUsage(stream, spent);
        if (activity is not null)
            Usage(activity, spent);
        OpsReportTelemetry.Fail(activity, error, message);
    }

    /// <summary>How far behind now the stream's collected data ends.</summary>
    public static void Lag(StreamId stream, DateTimeOffset collectedUntil, DateTimeOffset now) =>
        OpsReportTelemetry.CollectionLag.Record(Math.Max(0, (now - collectedUntil).TotalSeconds), new TagList
        {
            { "opsreport.source", stream.Source },
            { "opsreport.environment", stream.Environment },
            { "opsreport.stream", stream.Stream },
        });

    private static void Usage(Activity activity, ApiUsage usage)
    {
        activity.SetTag("opsreport.api_calls", usage.ApiCalls);
        activity.SetTag("opsreport.metrics_requested", usage.MetricsRequested);
        activity.SetTag("opsreport.bytes_scanned", usage.BytesScanned);
        activity.SetTag("opsreport.estimated_usd", (double)usage.EstimatedUsd);
    }
}
