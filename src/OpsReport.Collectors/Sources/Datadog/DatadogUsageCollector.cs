using System.Collections.Concurrent;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// The organization's Datadog usage (hourly, per product family and usage type) and, where the keys allow it, its
/// estimated cost per product and day. A 400/403 for cost means "not available for these keys" (or a wrong application
/// key): the cost stream fails — so its watermark stays and the window is fetched once the keys allow it — and is not
/// asked again for a day.
/// </summary>
internal sealed class DatadogUsageCollector(DatadogApiClient client, TimeProvider time)
{
    public const string CostAccount = "datadog";

    /// <summary>The product families read (DATADOG.md): logs, APM (indexed spans), infrastructure hosts.</summary>
    public static readonly IReadOnlyList<string> ProductFamilies = ["logs", "indexed_spans", "infra_hosts"];

    private static readonly TimeSpan CostRetryAfter = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, DatadogApiException Error)> _costUnavailable = new(StringComparer.Ordinal);

    public async Task<SourceBatch> CollectUsageAsync(DatadogConnection connection, TimeWindow fetch, CancellationToken cancellationToken)
    {
        var meter = new DatadogUsageMeter();
        var records = await new DatadogReadApi(client, connection, meter).HourlyUsageAsync(fetch, ProductFamilies, cancellationToken);
        // A parent organization's keys also see child organizations: their usage adds up to what the bill shows.
        var series = records.GroupBy(r => (r.ProductFamily, r.UsageType))
            .Select(g => new SeriesPoints(
                new SeriesKey(DatadogSource.UsageMetric, Resolution.Hour, (Dims.Env, connection.Environment), (DatadogSource.ProductFamilyDim, g.Key.ProductFamily), (Dims.UsageType, g.Key.UsageType)),
                g.GroupBy(r => r.Hour).Select(h => new Point(h.Key, h.Sum(r => r.Value))).OrderBy(p => p.Timestamp).ToList()))
            .ToList();
        return new SourceBatch(series, meter.Usage, []);
    }

    public async Task<SourceBatch> CollectCostAsync(DatadogConnection connection, TimeWindow fetch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_costUnavailable.TryGetValue(connection.Environment, out var known) && known.Until > now)
            throw new DatadogApiException(known.Error.Environment, known.Error.Endpoint, known.Error.StatusCode, known.Error.Detail, CostAdvice + " (not asked again before " + known.Until.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture) + ")");

        // Estimated cost covers the current and the previous month only (DATADOG.md).
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var earliest = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var start = Max(DateOnly.FromDateTime(fetch.Start.UtcDateTime), earliest);
        var end = DateOnly.FromDateTime(fetch.End.UtcDateTime); // exclusive
        if (start >= end)
            return SourceBatch.Empty;

        var meter = new DatadogUsageMeter();
        IReadOnlyList<DatadogCostRecord> records;
        try
        {
            // Daily figures are month-to-date: read from the month's first day so each day's own cost can be derived.
            records = await new DatadogReadApi(client, connection, meter).EstimatedCostAsync(new DateOnly(start.Year, start.Month, 1), end.AddDays(-1), cancellationToken);
        }
        catch (DatadogApiException e) when (e.IsForbidden || e.IsBadRequest)
        {
            // Never a success with no points: that would move the watermark past days that were never fetched.
            _costUnavailable[connection.Environment] = (now + CostRetryAfter, e);
            var failure = new DatadogApiException(e.Environment, e.Endpoint, e.StatusCode, e.Detail, CostAdvice);
            SpentUsage.Attach(failure, meter.Usage);
            throw failure;
        }

        var series = new List<SeriesPoints>();
        foreach (var product in records.GroupBy(r => r.Product))
        {
            var byDay = product.GroupBy(r => r.Date).ToDictionary(g => g.Key, g => g.Sum(r => r.CumulativeUsd));
            var points = new List<Point>();
            foreach (var (day, cumulative) in byDay.OrderBy(kv => kv.Key))
            {
                if (day < start || day >= end)
                    continue;
                double? daily = day.Day == 1 ? cumulative : byDay.TryGetValue(day.AddDays(-1), out var before) ? cumulative - before : null;
                if (daily is { } d)
                    points.Add(new Point(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), Math.Round(Math.Max(0, d), 4)));
            }
            if (points.Count > 0)
                series.Add(new SeriesPoints(new SeriesKey(Metrics.CostDaily, Resolution.Day, (Dims.Env, connection.Environment), (Dims.Account, CostAccount),
                    (Dims.AwsService, DatadogSource.CostService), (Dims.UsageType, product.Key)), points));
        }
        return new SourceBatch(series, meter.Usage, []);
    }

    private const string CostAdvice = "cost not available for these keys: it needs parent-organization keys with usage_read and billing_read (or the application key is wrong); usage is still collected";

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
