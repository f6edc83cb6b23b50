using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Reports.Outbox;

/// <summary>
/// The outbox as <c>check</c> reports it: a delivery that failed for good (Abandoned) is an error a person must act on;
/// one still being retried is a warning; otherwise one ok line with the counts.
/// </summary>
public static class OutboxHealth
{
    public static async Task<IReadOnlyList<OutboxHealthLine>> CheckAsync(IMetricStore store, ZoneCalendar calendar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(calendar);
        string Local(DateTimeOffset t) => calendar.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + calendar.ZoneId;
        static string What(DeliveryRecord d) => $"{d.Report} {d.Environment} {d.Period}" + (d.Tenant is { } t ? " " + t : "");
        static string Command(DeliveryRecord d) =>
            $"report send --report {d.Report} --env {d.Environment} --period {d.Period}" + (d.Tenant is { } t ? " --tenant " + t : "");

        var records = await store.GetDeliveriesAsync(1000, cancellationToken);
        var lines = new List<OutboxHealthLine>();
        foreach (var d in records.Where(r => r.Status == DeliveryStatus.Abandoned))
        {
            lines.Add(new OutboxHealthLine(OutboxHealthLevel.Error,
                $"report delivery {What(d)} failed for good after {d.Attempts} attempt(s) ({Local(d.UpdatedAt)}): {d.LastError}; fix the cause, then run `{Command(d)}`."));
        }
        foreach (var d in records.Where(r => r.Status == DeliveryStatus.Failed))
        {
            lines.Add(new OutboxHealthLine(OutboxHealthLevel.Warning,
                $"report delivery {What(d)} failed {d.Attempts} time(s), next attempt {(d.NextAttemptAt is { } n ? Local(n) : "not scheduled")}: {d.LastError}"));
        }
        if (lines.Count == 0)
        {
            var sent = records.Count(r => r.Status == DeliveryStatus.Sent);
            lines.Add(new OutboxHealthLine(OutboxHealthLevel.Ok, $"report outbox: {sent} delivery(ies) sent, none failing."));
        }
        return lines;
    }
}
