using OpsReport.Reports.Outbox;

namespace OpsReport.Web.Pages;

/// <summary>The outcome of "send now" in the reader's language, from the result's fields (never the sender's English line).</summary>
public static class SendResultText
{
    public static string Line(SendResult result, string language)
    {
        var what = result.Tenant is null
            ? UiText.Format(language, "send.what", result.Report, result.Environment, result.Period)
            : UiText.Format(language, "send.whatTenant", result.Report, result.Environment, result.Period, result.Tenant);
        return result.Status switch
        {
            SendStatus.Sent => UiText.Format(language, "send.sent", what, result.Recipients.Count),
            SendStatus.AlreadySent => UiText.Format(language, "send.alreadySent", what),
            SendStatus.DryRun => UiText.Format(language, "send.dryRun", what, result.Recipients.Count),
            SendStatus.NoData => UiText.Format(language, "send.noData", what),
            SendStatus.InProgress => UiText.Format(language, "send.inProgress", what),
            _ => UiText.Format(language, "send.failed", what, result.Attempts),
        };
    }
}
