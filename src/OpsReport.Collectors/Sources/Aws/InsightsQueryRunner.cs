using System.Globalization;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Runs Logs Insights queries to the end: at most N at once per environment (the rest wait), StartQuery queued while
/// the account is at its concurrency limit, GetQueryResults polled with backoff, StopQuery when the query outlives its
/// timeout. Bytes scanned are billed on the meter whatever the outcome.
/// </summary>
internal sealed class InsightsQueryRunner(TimeProvider time, InsightsPolling polling)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SemaphoreSlim> _slots = new(StringComparer.OrdinalIgnoreCase);

    public async Task<InsightsOutcome> RunAsync(CloudWatchLogsClient logs, IReadOnlyList<string> logGroups, TimeWindow window, string query, int limit,
        int concurrency, TimeSpan timeout, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var slots = Slots(logs.Api.Connection.Environment, concurrency);
        await slots.WaitAsync(cancellationToken);
        try
        {
            // Elapsed time, not the wall clock: a clock pinned for a demo must not keep queries alive forever.
            var started = time.GetTimestamp();
            var queryId = await StartAsync(logs, logGroups, window, query, limit, started, timeout, meter, cancellationToken);
            if (queryId is null)
                return new InsightsOutcome("Timeout", [], 0, false, $"not started within {timeout}: the account stayed at its Logs Insights concurrency limit");

            var delay = polling.FirstPoll;
            InsightsQueryResults? last = null;
            try
            {
                while (true)
                {
                    if (time.GetElapsedTime(started) >= timeout)
                    {
                        await StopAsync(logs, queryId, meter);
                        // A stopped query is billed for what it scanned: read its final statistics once (the timeout may
                        // come before the first poll), so the run's cost is never under-counted.
                        var scanned = Math.Max(last?.BytesScanned ?? 0, await FinalBytesScannedAsync(logs, queryId, meter));
                        return Finish(new InsightsOutcome("Timeout", [], scanned, false, $"still running after {timeout}; stopped"), meter, logGroups, window, query);
                    }
                    await Task.Delay(delay, time, cancellationToken);
                    delay = TimeSpan.FromTicks(Math.Min(polling.MaxPoll.Ticks, (long)(delay.Ticks * 1.5)));
                    last = await logs.GetQueryResultsAsync(queryId, meter, cancellationToken);
                    switch (last.Status)
                    {
                        case "Scheduled" or "Running":
                            continue;
                        case "Complete":
                            return Finish(new InsightsOutcome("Complete", last.Rows, last.BytesScanned, last.Rows.Count >= limit, null), meter, logGroups, window, query);
                        default:
                            return Finish(new InsightsOutcome(last.Status, [], last.BytesScanned, false, $"ended with status {last.Status}"), meter, logGroups, window, query);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Nobody will read it: stop it rather than let it scan (and bill) to the end.
                await StopAsync(logs, queryId, meter);
                throw;
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<string?> StartAsync(CloudWatchLogsClient logs, IReadOnlyList<string> logGroups, TimeWindow window, string query, int limit,
        long started, TimeSpan timeout, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var wait = polling.FirstQueueWait;
        while (true)
        {
            try
            {
                return await logs.StartQueryAsync(logGroups, window.Start, window.End, query, limit, meter, cancellationToken);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "LimitExceededException")
            {
                // Other queries (people's included) hold the account's slots: wait for one, up to the query's own deadline.
                if (time.GetElapsedTime(started) + wait >= timeout)
                    return null;
                await Task.Delay(TimeSpan.FromTicks((long)(wait.Ticks * (0.5 + (Random.Shared.NextDouble() / 2)))), time, cancellationToken);
                wait = TimeSpan.FromTicks(Math.Min(polling.MaxQueueWait.Ticks, wait.Ticks * 2));
            }
        }
    }

    private static async Task StopAsync(CloudWatchLogsClient logs, string queryId, AwsUsageMeter meter)
    {
        try
        {
            await logs.StopQueryAsync(queryId, meter, CancellationToken.None);
        }
        catch (Exception e) when (e is AwsServiceException or AwsTimeoutException or HttpRequestException)
        {
            // The query may have finished meanwhile; either way it no longer runs.
        }
    }

    private static async Task<long> FinalBytesScannedAsync(CloudWatchLogsClient logs, string queryId, AwsUsageMeter meter)
    {
        try
        {
            return (await logs.GetQueryResultsAsync(queryId, meter, CancellationToken.None)).BytesScanned;
        }
        catch (Exception e) when (e is AwsServiceException or AwsTimeoutException or HttpRequestException)
        {
            return 0;
        }
    }

    private static InsightsOutcome Finish(InsightsOutcome outcome, AwsUsageMeter meter)
    {
        meter.AddBilled(bytesScanned: outcome.BytesScanned, usd: AwsPricing.InsightsScan(outcome.BytesScanned));
        return outcome;
    }

    private static InsightsOutcome Finish(InsightsOutcome outcome, AwsUsageMeter meter, IReadOnlyList<string> logGroups, TimeWindow window, string query)
    {
        meter.RecordQuery(string.Create(CultureInfo.InvariantCulture,
            $"logs {window} {string.Join(",", logGroups)}: {outcome.Status}, {outcome.BytesScanned} bytes scanned: {query}"));
        return Finish(outcome, meter);
    }

    private SemaphoreSlim Slots(string environment, int concurrency)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(environment, out var slots))
            {
                slots = new SemaphoreSlim(Math.Max(1, concurrency));
                _slots[environment] = slots;
            }
            return slots;
        }
    }
}

/// <summary>How a Logs Insights query ended: rows when complete, and whether the row limit cut it.</summary>
internal sealed record InsightsOutcome(string Status, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows, long BytesScanned, bool RowLimitHit, string? Problem)
{
    public bool IsComplete => Status == "Complete";
}

/// <summary>Poll and queue pacing of Logs Insights queries.</summary>
/// <param name="FirstPoll">Wait before the first GetQueryResults; grows by half each poll up to <paramref name="MaxPoll"/>.</param>
/// <param name="FirstQueueWait">Wait after a LimitExceededException on StartQuery; doubles up to <paramref name="MaxQueueWait"/>.</param>
public sealed record InsightsPolling(TimeSpan FirstPoll, TimeSpan MaxPoll, TimeSpan FirstQueueWait, TimeSpan MaxQueueWait)
{
    public static InsightsPolling Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
}
