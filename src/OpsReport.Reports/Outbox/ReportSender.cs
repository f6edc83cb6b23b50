using System.Globalization;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using OpsReport.Core.Charts;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Text;
using OpsReport.Reports.Email;
using OpsReport.Reports.Pdf;

namespace OpsReport.Reports.Outbox;

/// <summary>
/// Sends reports through the persistent outbox: one delivery per report, environment, period, tenant and recipient set,
/// sent at most once unless forced. A delivery is claimed atomically in the store before it is handed to the mail system
/// (so two senders never both send), then recorded as Sent, Failed (retried later with backoff, across restarts) or
/// Abandoned (a permanent error or out of attempts: shown on the reports page and in <c>check</c>). A period without any
/// data is never sent; that is recorded as a failure too.
/// </summary>
public sealed class ReportSender(
    WeeklyReportBuilder builder,
    PdfReportRenderer renderer,
    ReportEmailComposer composer,
    IEmailDelivery delivery,
    IMetricStore store,
    TimeProvider clock,
    IOptions<OpsReportOptions> options,
    ILogger<ReportSender> logger)
{
    /// <summary>
    /// <c>report|env|period|tenant|recipients</c> with recipients as sorted, lower-case To addresses, then <c>;cc:</c> and the
    /// Cc addresses when there are any.
    /// </summary>
    public static string DeliveryKey(string report, string environment, string period, string? tenant, IEnumerable<string> to, IEnumerable<string>? cc = null)
    {
        var toList = NormalizeRecipients(to);
        var ccList = NormalizeRecipients(cc ?? []).Except(toList, StringComparer.Ordinal).ToList();
        var recipients = string.Join(',', toList) + (ccList.Count > 0 ? ";cc:" + string.Join(',', ccList) : "");
        return string.Join('|', report, environment, period, tenant ?? "", recipients);
    }

    public static IReadOnlyList<string> NormalizeRecipients(IEnumerable<string> recipients) =>
        recipients.Select(r => MailboxAddress.Parse(r.Trim()).Address.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Sends everything a request stands for: one report, or for a definition with <c>tenants</c> and no tenant asked for,
    /// one report per tenant in scope.
    /// </summary>
    public async Task<IReadOnlyList<SendResult>> SendAllAsync(ReportRequest request, bool force = false, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var report = builder.Resolve(request);
        if (report.Tenant is not null || report.Definition.Tenants is null)
            return [await SendAsync(report, force, dryRun, cancellationToken)];
        var tenants = await builder.TenantsInScopeAsync(report, cancellationToken);
        if (tenants.Count == 0)
        {
            var key = DeliveryKey(report.Report, report.Environment.Name, report.Period.Name, "*", report.To, report.Cc);
            return [new SendResult(SendStatus.NoData, key, report.Report, report.Environment.Name, report.Period.Name, null, NormalizeRecipients(report.To),
                null, null, false, 0, null, TextCatalog.Format(report.Language, "sender.noTenant", report.Describe()))];
        }
        var results = new List<SendResult>();
        foreach (var tenant in tenants)
            results.Add(await SendAsync(report with { Tenant = tenant }, force, dryRun, cancellationToken));
        return results;
    }

    /// <summary>
    /// Renders, composes and delivers one report. Bad report, environment or period names, a period that has not ended and
    /// a missing recipient throw <see cref="ArgumentException"/>; everything else is recorded and returned.
    /// </summary>
    public Task<SendResult> SendAsync(ReportRequest request, bool force = false, bool dryRun = false, CancellationToken cancellationToken = default) =>
        SendAsync(builder.Resolve(request), force, dryRun, cancellationToken);

    public async Task<SendResult> SendAsync(ResolvedReport report, bool force = false, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var span = ReportTelemetry.StartDelivery(report, delivery.Name);
        var result = await SendOneAsync(report, force, dryRun, cancellationToken);
        ReportTelemetry.Outcome(span, delivery.Name, result);
        return result;
    }

    private async Task<SendResult> SendOneAsync(ResolvedReport report, bool force, bool dryRun, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var window = report.Period.Window(report.Calendar);
        if (window.End > now)
        {
            var ends = report.Calendar.ToLocal(window.End).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            throw new ArgumentException(TextCatalog.Format(report.Language, "sender.periodNotEnded", report.Period.Name, ends, report.Calendar.ZoneId));
        }
        if (report.To.Count == 0)
            throw new ArgumentException(TextCatalog.Format(report.Language, "sender.noRecipient", report.Report, report.Definition.SourceFile));

        var to = NormalizeRecipients(report.To);
        var cc = NormalizeRecipients(report.Cc).Except(to, StringComparer.Ordinal).ToList();
        var key = DeliveryKey(report.Report, report.Environment.Name, report.Period.Name, report.Tenant, to, cc);
        var what = report.Describe();
        var language = report.Language;
        var count = to.Count + cc.Count;
        SendResult Result(SendStatus status, string? location, int attempts, string message, byte[]? pdf = null, bool attached = false, string? subject = null) =>
            new(status, key, report.Report, report.Environment.Name, report.Period.Name, report.Tenant, [.. to, .. cc], location, pdf?.LongLength, attached,
                attempts, pdf is null ? null : Sha256(pdf), message, subject, pdf);

        var existing = await store.GetDeliveryAsync(key, cancellationToken);
        if (!force && !dryRun && existing is { Status: DeliveryStatus.Sent })
        {
            return Result(SendStatus.AlreadySent, existing.Location, existing.Attempts,
                TextCatalog.Format(language, "sender.alreadySentTo", what, Local(report, existing.UpdatedAt), count));
        }
        if (!force && !dryRun && existing is { Status: DeliveryStatus.Pending } && existing.UpdatedAt > now - DeliveryRetry.StaleAfter)
            return Result(SendStatus.InProgress, null, existing.Attempts, TextCatalog.Format(language, "sender.inProgressSince", what, Local(report, existing.UpdatedAt)));

        ReportDocument document;
        byte[] pdf;
        try
        {
            document = await builder.BuildAsync(report, cancellationToken);
            pdf = renderer.Render(document);
        }
        catch (Exception e) when (!dryRun && e is not OperationCanceledException)
        {
            // A report that cannot be built is a failed delivery, not a crash of the scheduler: record it so it is seen.
            return await RecordFailureAsync(report, key, to, cc, existing, null, e, now, Result, cancellationToken);
        }

        if (dryRun)
        {
            using var preview = composer.Compose(document, pdf, to, cc);
            var attachedPreview = preview.Attachments.Any();
            var note = !document.HasData ? TextCatalog.Get(language, "sender.dryRunNoData")
                : existing is { Status: DeliveryStatus.Sent } && !force ? TextCatalog.Get(language, "sender.dryRunAlreadySent") : "";
            return Result(SendStatus.DryRun, null, existing?.Attempts ?? 0,
                TextCatalog.Format(language, "sender.dryRun", what, count, delivery.Name, preview.Subject, Size(pdf.LongLength), Attachment(language, attachedPreview), note),
                pdf, attachedPreview, preview.Subject);
        }

        if (!document.HasData)
        {
            var noData = new InvalidDataException(TextCatalog.Format(language, "sender.noData", report.Environment.Name, report.Period.Name));
            return await RecordFailureAsync(report, key, to, cc, existing, ComposeSubject(document), noData, now, Result, cancellationToken, SendStatus.NoData);
        }

        using var message = composer.Compose(document, pdf, to, cc);
        var attached = message.Attachments.Any();
        var claim = Record(report, key, to, cc, DeliveryStatus.Pending, 1, null, null, null, message.Subject, now);
        IReadOnlyCollection<DeliveryStatus> replaceable = force
            ? [DeliveryStatus.Sent, DeliveryStatus.Failed, DeliveryStatus.Abandoned, DeliveryStatus.Pending]
            : [DeliveryStatus.Failed, DeliveryStatus.Abandoned];
        if (!await store.TryClaimDeliveryAsync(claim, replaceable, cancellationToken))
        {
            var holder = await store.GetDeliveryAsync(key, cancellationToken);
            return holder is { Status: DeliveryStatus.Sent }
                ? Result(SendStatus.AlreadySent, holder.Location, holder.Attempts, TextCatalog.Format(language, "sender.alreadySent", what, Local(report, holder.UpdatedAt)))
                : Result(SendStatus.InProgress, null, holder?.Attempts ?? 0,
                    holder is { Status: DeliveryStatus.Pending } p && p.UpdatedAt <= now - DeliveryRetry.StaleAfter
                        ? TextCatalog.Format(language, "sender.interrupted", what, Local(report, p.UpdatedAt))
                        : TextCatalog.Format(language, "sender.inProgress", what));
        }
        var attempts = (await store.GetDeliveryAsync(key, cancellationToken))?.Attempts ?? 1;
        claim = claim with { Attempts = attempts };

        try
        {
            var location = await delivery.DeliverAsync(message, key, cancellationToken);
            await store.SaveDeliveryAsync(claim with { Status = DeliveryStatus.Sent, Location = location, UpdatedAt = clock.GetUtcNow() }, CancellationToken.None);
            logger.LogInformation("Sent {Report} {Environment} {Period} {Tenant} to {Count} recipient(s) via {Delivery}: {Location}",
                report.Report, report.Environment.Name, report.Period.Name, report.Tenant ?? "", count, delivery.Name, location);
            return Result(SendStatus.Sent, location, attempts,
                TextCatalog.Format(language, "sender.sent", what, count, delivery.Name, location, Size(pdf.LongLength), Attachment(language, attached),
                    document.IsIncomplete ? TextCatalog.Get(language, "sender.markedIncomplete") : ""),
                pdf, attached, message.Subject);
        }
        catch (Exception e)
        {
            var cancelled = e is OperationCanceledException && cancellationToken.IsCancellationRequested;
            var result = await RecordFailureAsync(report, key, to, cc, claim, message.Subject, cancelled ? new OperationCanceledException("cancelled") : e,
                clock.GetUtcNow(), Result, CancellationToken.None, claimed: true);
            if (cancelled)
                throw;
            return result with { SizeBytes = pdf.LongLength, Attached = attached, PdfSha256 = Sha256(pdf), Subject = message.Subject, Pdf = pdf };
        }
    }

    /// <summary>
    /// One pass of the outbox: deliveries left claimed by a process that stopped are marked Abandoned (they may have been
    /// sent, so they are not sent again without a person deciding), and failed deliveries that are due are sent again.
    /// </summary>
    public async Task<IReadOnlyList<SendResult>> RetryDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var records = await store.GetDeliveriesAsync(1000, cancellationToken);
        foreach (var stale in records.Where(r => r.Status == DeliveryStatus.Pending && r.UpdatedAt <= now - DeliveryRetry.StaleAfter))
        {
            await store.SaveDeliveryAsync(stale with
            {
                Status = DeliveryStatus.Abandoned,
                NextAttemptAt = null,
                LastError = "interrupted while being sent (the process stopped); it may or may not have arrived: check, then send it again from the reports page or with `report send --force`.",
                UpdatedAt = now,
            }, cancellationToken);
            logger.LogWarning("Delivery {Key} was interrupted while being sent; marked abandoned", stale.Key);
        }

        var results = new List<SendResult>();
        foreach (var due in records.Where(r => r.Status == DeliveryStatus.Failed && r.NextAttemptAt is { } next && next <= now).OrderBy(r => r.NextAttemptAt))
        {
            var request = new ReportRequest(due.Report, due.Environment, due.Period, due.Tenant, due.Language, Split(due.Recipients), Split(due.Cc));
            try
            {
                results.Add(await SendAsync(request, cancellationToken: cancellationToken));
            }
            catch (ArgumentException e)
            {
                // The definition, environment or recipients changed since: this delivery can no longer be made as recorded.
                await store.SaveDeliveryAsync(due with { Status = DeliveryStatus.Abandoned, NextAttemptAt = null, LastError = e.Message, UpdatedAt = now }, cancellationToken);
            }
        }
        return results;
    }

    /// <summary>When the next failed delivery is due, for the scheduler's sleep; null when none is waiting.</summary>
    public async Task<DateTimeOffset?> NextRetryAtAsync(CancellationToken cancellationToken = default)
    {
        var records = await store.GetDeliveriesAsync(1000, cancellationToken);
        return records.Where(r => r.Status == DeliveryStatus.Failed && r.NextAttemptAt is not null).Select(r => r.NextAttemptAt).Min();
    }

    private async Task<SendResult> RecordFailureAsync(ResolvedReport report, string key, IReadOnlyList<string> to, IReadOnlyList<string> cc, DeliveryRecord? previous,
        string? subject, Exception error, DateTimeOffset now, Func<SendStatus, string?, int, string, byte[]?, bool, string?, SendResult> result,
        CancellationToken cancellationToken, SendStatus status = SendStatus.Failed, bool claimed = false)
    {
        var what = report.Describe();
        var language = report.Language;
        if (previous is { Status: DeliveryStatus.Sent } && !claimed)
        {
            // A forced resend that failed before claiming must not turn a delivered report into a failed one.
            return result(status, previous.Location, previous.Attempts, TextCatalog.Format(language, "sender.failedSentBefore", what, OneLine(error), Local(report, previous.UpdatedAt)), null, false, subject);
        }
        var attempts = claimed ? previous!.Attempts : (previous?.Attempts ?? 0) + 1;
        var message = OneLine(error);
        var permanent = DeliveryRetry.IsPermanent(error) || attempts >= DeliveryRetry.MaxAttempts;
        var next = permanent ? (DateTimeOffset?)null : now + DeliveryRetry.DelayAfter(attempts);
        await store.SaveDeliveryAsync(Record(report, key, to, cc, permanent ? DeliveryStatus.Abandoned : DeliveryStatus.Failed, attempts, next, message, null, subject, now),
            cancellationToken);
        logger.LogWarning("Sending {Report} {Environment} {Period} via {Delivery} failed (attempt {Attempts}{Final}): {Error}",
            report.Report, report.Environment.Name, report.Period.Name, delivery.Name, attempts, permanent ? ", given up" : "", message);
        var outlook = permanent
            ? TextCatalog.Get(language, "sender.givenUp")
            : TextCatalog.Format(language, "sender.nextAttempt", Local(report, next!.Value));
        var failed = TextCatalog.Format(language, status == SendStatus.NoData ? "sender.notSent" : "sender.failed", what, delivery.Name, attempts, message, outlook);
        return result(status, null, attempts, failed, null, false, subject);
    }

    private DeliveryRecord Record(ResolvedReport report, string key, IReadOnlyList<string> to, IReadOnlyList<string> cc, DeliveryStatus status, int attempts,
        DateTimeOffset? next, string? error, string? location, string? subject, DateTimeOffset at) =>
        new(key, report.Report, report.Environment.Name, report.Period.Name, report.Tenant, string.Join(',', to), status, attempts, next, error, location, at)
        {
            Cc = string.Join(',', cc),
            Language = report.Language,
            Subject = subject,
            Channel = delivery.Name,
        };

    private static string ComposeSubject(ReportDocument document) => ReportEmailComposer.Subject(document);

    private static List<string> Split(string addresses) => addresses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>The exception chain on one line, with the SMTP password masked should a server ever echo it.</summary>
    private string OneLine(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null && parts.Count < 4; x = x.InnerException)
        {
            // The server's reply code is what an SRE searches for; the exception's message is only the reply's text.
            var message = x is SmtpCommandException { StatusCode: var code } ? $"SMTP {(int)code}: {x.Message}" : x.Message;
            if (!parts.Contains(message))
                parts.Add(message.TrimEnd('.'));
        }
        var text = string.Join(" → ", parts).ReplaceLineEndings(" ");
        var password = options.Value.Email.Smtp.Password;
        if (!string.IsNullOrEmpty(password))
            text = text.Replace(password, "***", StringComparison.Ordinal);
        return text.Length > 500 ? text[..500] + "…" : text;
    }

    private static string Local(ResolvedReport report, DateTimeOffset instant) =>
        report.Calendar.ToLocal(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + report.Calendar.ZoneId;

    private static string Attachment(string language, bool attached) => TextCatalog.Get(language, attached ? "sender.attached" : "sender.linked");

    private static string Size(long bytes) => ValueFormat.Format(bytes, "bytes");

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
