using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsReport.Core.Charts;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;
using OpsReport.Reports.Email;
using OpsReport.Reports.Pdf;

namespace OpsReport.Reports.Outbox;

/// <summary>
/// Sends a report through the outbox: one delivery per report, environment, period, tenant and recipient set. A delivery
/// already sent is not repeated unless forced; every attempt is recorded (Pending, then Sent or Failed) before and after
/// it happens, so an interrupted run is visible and a repeat is safe.
/// </summary>
public sealed class ReportSender(
    WeeklyReportBuilder builder,
    PdfReportRenderer renderer,
    ReportEmailComposer composer,
    IEmailDelivery delivery,
    IMetricStore store,
    ZoneCalendar calendar,
    TimeProvider clock,
    IOptions<OpsReportOptions> options,
    ILogger<ReportSender> logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary><c>report|env|period|tenant|recipients</c> with recipients as sorted, lower-case addresses.</summary>
    public static string DeliveryKey(string report, string environment, string period, string? tenant, IEnumerable<string> recipients) =>
        string.Join('|', report, environment, period, tenant ?? "", string.Join(',', NormalizeRecipients(recipients)));

    public static IReadOnlyList<string> NormalizeRecipients(IEnumerable<string> recipients) =>
        recipients.Select(r => new MailAddress(r.Trim()).Address.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Renders, composes and delivers the report. Bad report, environment or period names, and a week that has not ended,
    /// throw <see cref="ArgumentException"/>; delivery errors are recorded and returned as <see cref="SendStatus.Failed"/>.
    /// </summary>
    public async Task<SendResult> SendAsync(ReportRequest request, bool force = false, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var report = builder.Resolve(request);
        var window = report.Period.Window(calendar);
        if (window.End > clock.GetUtcNow())
        {
            var ends = calendar.ToLocal(window.End).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            throw new ArgumentException($"--period {report.Period.Name} has not ended yet (it ends {ends} {calendar.ZoneId}); a partial week is never sent. Use 'report render' to preview it.");
        }
        if (options.Value.Email.To.Count == 0)
            throw new ArgumentException("OpsReport:Email:To lists no recipient; add at least one address.");

        var recipients = NormalizeRecipients(options.Value.Email.To);
        var key = DeliveryKey(report.Report, report.Environment.Name, report.Period.Name, report.Tenant, recipients);
        var existing = await store.GetDeliveryAsync(key, cancellationToken);
        SendResult Result(SendStatus status, string? location, long? size, bool attached, int attempts, string? sha, string message) =>
            new(status, key, report.Report, report.Environment.Name, report.Period.Name, report.Tenant, recipients, location, size, attached, attempts, sha, message);
        var what = $"{report.Report} {report.Environment.Name} {report.Period.Name}" + (report.Tenant is { } t ? " " + t : "");

        if (existing is { Status: DeliveryStatus.Sent } && !force && !dryRun)
        {
            return Result(SendStatus.AlreadySent, existing.Location, null, false, existing.Attempts,
                null, $"{what} was already sent at {Local(existing.UpdatedAt)} to {recipients.Count} recipient(s); nothing sent (use --force to send again).");
        }

        if (dryRun)
        {
            var (document, pdf) = await RenderAsync(report, cancellationToken);
            using var preview = composer.Compose(document, pdf, recipients);
            var attached = preview.Attachments.Count > 0;
            var note = existing is { Status: DeliveryStatus.Sent } && !force ? " (already sent: a real run would skip it without --force)" : "";
            return Result(SendStatus.DryRun, null, pdf.LongLength, attached, existing?.Attempts ?? 0, Sha256(pdf),
                $"dry run: {what} would go to {recipients.Count} recipient(s) via {delivery.Name}, PDF {Size(pdf.LongLength)} {(attached ? "attached" : "linked")}{note}; nothing sent or recorded.");
        }

        var attempts = (existing?.Attempts ?? 0) + 1;
        var pending = new DeliveryRecord(key, report.Report, report.Environment.Name, report.Period.Name, report.Tenant, string.Join(',', recipients),
            DeliveryStatus.Pending, attempts, null, null, null, clock.GetUtcNow());
        await store.SaveDeliveryAsync(pending, cancellationToken);

        long? size = null;
        string? sha = null;
        var isAttached = false;
        try
        {
            var (document, pdf) = await RenderAsync(report, cancellationToken);
            size = pdf.LongLength;
            sha = Sha256(pdf);
            using var message = composer.Compose(document, pdf, recipients);
            isAttached = message.Attachments.Count > 0;
            var location = await delivery.DeliverAsync(message, key, cancellationToken);
            await store.SaveDeliveryAsync(pending with { Status = DeliveryStatus.Sent, Location = location, UpdatedAt = clock.GetUtcNow() }, CancellationToken.None);
            logger.LogInformation("Sent {Report} {Environment} {Period} to {Count} recipient(s) via {Delivery}: {Location}",
                report.Report, report.Environment.Name, report.Period.Name, recipients.Count, delivery.Name, location);
            return Result(SendStatus.Sent, location, size, isAttached, attempts, sha,
                $"sent {what} to {recipients.Count} recipient(s) via {delivery.Name}: {location} (PDF {Size(size.Value)} {(isAttached ? "attached" : "linked")}).");
        }
        catch (Exception e)
        {
            var cancelled = e is OperationCanceledException && cancellationToken.IsCancellationRequested;
            var error = cancelled ? "cancelled" : OneLine(e);
            var failed = pending with
            {
                Status = DeliveryStatus.Failed,
                LastError = error,
                NextAttemptAt = clock.GetUtcNow() + FirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 6)),
                UpdatedAt = clock.GetUtcNow(),
            };
            await store.SaveDeliveryAsync(failed, CancellationToken.None);
            if (cancelled)
                throw;
            logger.LogWarning("Sending {Report} {Environment} {Period} via {Delivery} failed (attempt {Attempts}): {Error}",
                report.Report, report.Environment.Name, report.Period.Name, delivery.Name, attempts, error);
            return Result(SendStatus.Failed, null, size, isAttached, attempts, sha, $"sending {what} via {delivery.Name} failed (attempt {attempts}): {error}");
        }
    }

    private async Task<(ReportDocument Document, byte[] Pdf)> RenderAsync(ResolvedReport report, CancellationToken cancellationToken)
    {
        var document = await builder.BuildAsync(report, cancellationToken);
        return (document, renderer.Render(document));
    }

    /// <summary>The exception chain on one line, with the SMTP password masked should a server ever echo it.</summary>
    private string OneLine(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null && parts.Count < 4; x = x.InnerException)
        {
            if (!parts.Contains(x.Message))
                parts.Add(x.Message);
        }
        var text = string.Join(" → ", parts).ReplaceLineEndings(" ");
        var password = options.Value.Email.Smtp.Password;
        if (!string.IsNullOrEmpty(password))
            text = text.Replace(password, "***", StringComparison.Ordinal);
        return text.Length > 500 ? text[..500] + "…" : text;
    }

    private string Local(DateTimeOffset instant) =>
        calendar.ToLocal(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + calendar.ZoneId;

    private static string Size(long bytes) => ValueFormat.Format(bytes, "bytes");

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
