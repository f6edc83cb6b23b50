using System.Diagnostics;
using OpsReport.Core.Telemetry;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Pdf;

namespace OpsReport.Reports;

/// <summary>Spans and metrics of PDF renders and report deliveries (exported by the web host when OTLP is configured).</summary>
internal static class ReportTelemetry
{
    public static Activity? StartRender(ReportDocument document)
    {
        var activity = OpsReportTelemetry.Source.StartActivity("render report pdf");
        if (activity is not null)
        {
            activity.SetTag("opsreport.report", document.ReportName);
            activity.SetTag("opsreport.environment", document.Environment.Name);
            activity.SetTag("opsreport.period", document.Period.Name);
            activity.SetTag("opsreport.language", document.Language);
        }
        return activity;
    }

    public static void Rendered(Activity? activity, ReportDocument document, RenderedPdf pdf, TimeSpan took)
    {
        OpsReportTelemetry.RenderDuration.Record(took.TotalSeconds, new TagList { { "opsreport.report", document.ReportName } });
        activity?.SetTag("opsreport.pages", pdf.PageCount);
        activity?.SetTag("opsreport.bytes", pdf.Content.LongLength);
    }

    public static Activity? StartDelivery(ResolvedReport report, string channel)
    {
        var activity = OpsReportTelemetry.Source.StartActivity("deliver report");
        if (activity is not null)
        {
            activity.SetTag("opsreport.report", report.Report);
            activity.SetTag("opsreport.environment", report.Environment.Name);
            activity.SetTag("opsreport.period", report.Period.Name);
            activity.SetTag("opsreport.delivery.channel", channel);
        }
        return activity;
    }

    /// <summary>How a send ended, on its span; a failed or empty period also counts on <c>opsreport.delivery.failures</c>.</summary>
    public static void Outcome(Activity? activity, string channel, SendResult result)
    {
        var outcome = result.Status switch
        {
            SendStatus.Sent => "sent",
            SendStatus.AlreadySent => "already_sent",
            SendStatus.DryRun => "dry_run",
            SendStatus.NoData => "no_data",
            SendStatus.InProgress => "in_progress",
            _ => "failed",
        };
        activity?.SetTag("opsreport.outcome", outcome);
        activity?.SetTag("opsreport.delivery.attempts", result.Attempts);
        if (result.Status is not (SendStatus.Failed or SendStatus.NoData))
            return;
        OpsReportTelemetry.DeliveryFailures.Add(1, new TagList { { "opsreport.delivery.channel", channel }, { "opsreport.outcome", outcome } });
        // The result's message is the one the outbox shows: the SMTP password is already masked in it.
        activity?.SetStatus(ActivityStatusCode.Error, result.Message);
    }
}
