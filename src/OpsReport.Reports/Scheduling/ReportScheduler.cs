using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;
using OpsReport.Reports.Outbox;

namespace OpsReport.Reports.Scheduling;

/// <summary>
/// Sends each report that has a <c>schedule</c> at its next occurrence in the report's zone (DST-correct, see
/// <see cref="CronSchedule"/>), and retries failed deliveries when they are due. When the service was down across one or
/// more occurrences it sends once, for the latest one, on start. All time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class ReportScheduler(
    DashboardCatalog dashboards,
    EnvironmentCatalog environments,
    ReportSender sender,
    IMetricStore store,
    TimeProvider clock,
    IOptions<OpsReportOptions> options,
    ILogger<ReportScheduler> logger) : BackgroundService
{
    /// <summary>The longest sleep between passes, so deliveries recorded by another process (the CLI) are retried too.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(5);

    /// <summary>The setting that remembers, per report, up to when its schedule has been handled (survives restarts).</summary>
    public static string StateKey(string report) => "reports.schedule." + report;

    /// <summary>
    /// One pass: for each scheduled report, the latest occurrence since the last pass (if any) is sent, once; then failed
    /// deliveries that are due are retried. On the very first pass a report only starts being tracked (nothing to catch up).
    /// </summary>
    public async Task<SchedulerPass> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var runs = new List<ScheduledRun>();
        foreach (var definition in dashboards.All.Where(d => d.Schedule is not null))
        {
            var key = StateKey(definition.Name);
            var state = await store.GetSettingAsync(key, cancellationToken);
            if (state is not null && DateTimeOffset.TryParse(state, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var handledUntil))
            {
                var zone = Zone(definition);
                if (definition.Schedule!.Latest(handledUntil, now, zone.Zone) is { } slot)
                    runs.Add(new ScheduledRun(definition.Name, slot, await FireAsync(definition, zone, slot, cancellationToken)));
            }
            await store.SetSettingAsync(key, now.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        }
        var retried = await sender.RetryDueAsync(cancellationToken);
        return new SchedulerPass(now, runs, retried);
    }

    /// <summary>The next occurrence of a report's schedule after <paramref name="after"/> (UTC), or null when it has none.</summary>
    public DateTimeOffset? NextRun(DashboardDefinition definition, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Schedule?.Next(after, Zone(definition).Zone);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await RunOnceAsync(stoppingToken);
                foreach (var run in pass.Runs)
                {
                    foreach (var result in run.Results)
                        logger.LogInformation("Scheduled {Report} ({Slot}): {Message}", run.Report, run.Slot, result.Message);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Report scheduler pass failed; trying again later");
            }

            try
            {
                await Task.Delay(await SleepAsync(stoppingToken), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Sends the report of the period that ended before <paramref name="slot"/>, for every environment it lists.</summary>
    private async Task<IReadOnlyList<SendResult>> FireAsync(DashboardDefinition definition, ZoneCalendar zone, DateTimeOffset slot, CancellationToken cancellationToken)
    {
        var period = ReportPeriod.PreviousComplete(slot, zone, definition.Period);
        var targets = definition.Environments.Count == 0 ? [environments.Default.Name] : definition.Environments;
        var results = new List<SendResult>();
        foreach (var environment in targets)
        {
            if (environments.Find(environment) is null)
            {
                logger.LogWarning("Scheduled {Report}: environment {Environment} is not configured; skipped", definition.Name, environment);
                continue;
            }
            try
            {
                results.AddRange(await sender.SendAllAsync(new ReportRequest(definition.Name, environment, period.Name), cancellationToken: cancellationToken));
            }
            catch (ArgumentException e)
            {
                logger.LogError("Scheduled {Report} {Environment} {Period} could not be sent: {Error}", definition.Name, environment, period.Name, e.Message);
            }
        }
        return results;
    }

    private async Task<TimeSpan> SleepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var wake = now + MaxSleep;
        foreach (var definition in dashboards.All)
        {
            if (NextRun(definition, now) is { } next && next < wake)
                wake = next;
        }
        if (await sender.NextRetryAtAsync(cancellationToken) is { } retry && retry < wake)
            wake = retry;
        var sleep = wake - now;
        return sleep < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : sleep;
    }

    private ZoneCalendar Zone(DashboardDefinition definition) => new(definition.TimeZone ?? options.Value.TimeZone);
}
