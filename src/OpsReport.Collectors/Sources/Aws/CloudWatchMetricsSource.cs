using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// CloudWatch metrics (source <c>cloudwatch</c>): discovers with ListMetrics what exists in the configured namespaces
/// (cached across passes, in the store, for an hour), then fetches hourly values with GetMetricData, each metric once
/// per call over the whole range (a backfill of 35 days is one window; calls hold as many queries as fit in 100,800
/// points), plus exact day and week percentiles for latency metrics, all days of a range in one call and all weeks in
/// another. Gaps stay gaps. Windows already complete cost no call; the last hours are read again while CloudWatch may
/// still be settling them.
/// </summary>
public sealed class CloudWatchMetricsSource : ISource
{
    public const string SourceName = "cloudwatch";
    public const string HourlyStream = "metrics";
    public const string DailyStream = "daily";

    // Standard metrics of an hour arrive within minutes; late datapoints (agents, retries) within a few hours.
    internal static readonly TimeSpan HourlyDelay = TimeSpan.FromMinutes(10);
    internal static readonly TimeSpan HourlySettle = TimeSpan.FromHours(3);
    // S3 storage metrics of a day are published during the next day.
    internal static readonly TimeSpan DailySettle = TimeSpan.FromDays(2);
    // Listed metrics change rarely; discovery is repeated at most this often per environment (across passes and
    // processes). Not longer than the settling re-read: a metric that appears is listed while the hours it started in
    // are still read again, so none of its hours is lost.
    private static readonly TimeSpan DiscoveryTtl = HourlySettle;
    private const int MaxWarningExamples = 3;

    private readonly AwsClientPool _clients;
    private readonly CollectedWindows _windows;
    private readonly ZoneCalendar _calendar;
    private readonly CloudWatchDiscoveryCache _discovered;

    public CloudWatchMetricsSource(AwsClientPool clients, IMetricStore store, TimeProvider timeProvider, ZoneCalendar calendar)
    {
        _clients = clients;
        _windows = new CollectedWindows(store);
        _calendar = calendar;
        _discovered = new CloudWatchDiscoveryCache(store, timeProvider, DiscoveryTtl);
    }

    /// <summary>The longest window one collection call covers: a 35-day backfill is one call per batch of metrics.</summary>
    internal static readonly TimeSpan MaxHourlyWindow = TimeSpan.FromDays(35);

    public string Name => SourceName;

    public IReadOnlyList<SourceStream> GetStreams(string environment)
    {
        var aws = _clients.Connections.OptionsFor(environment);
        if (aws is null)
            return [];
        var mappings = Mappings(aws.Namespaces);
        var streams = new List<SourceStream>();
        if (mappings.Any(m => m.Resolution == Resolution.Hour))
            streams.Add(new SourceStream(Name, environment, HourlyStream, TimeSpan.FromHours(1), MaxHourlyWindow, HourlyDelay));
        if (mappings.Any(m => m.Resolution == Resolution.Day))
            streams.Add(new SourceStream(Name, environment, DailyStream, TimeSpan.FromDays(1), TimeSpan.FromDays(31), TimeSpan.Zero));
        return streams;
    }

    public async Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken)
    {
        var aws = _clients.Connections.OptionsFor(stream.Environment)
            ?? throw new ArgumentException($"Environment '{stream.Environment}' has no Aws section.", nameof(stream));
        var (resolution, settle) = stream.Name switch
        {
            HourlyStream => (Resolution.Hour, HourlySettle),
            DailyStream => (Resolution.Day, DailySettle),
            _ => throw new ArgumentException($"The cloudwatch source has no stream '{stream.Name}' (streams: {HourlyStream}, {DailyStream}).", nameof(stream)),
        };
        if (await _windows.PlanWithCoverageAsync(stream.Id, window, resolution.Duration, settle, settle, cancellationToken) is not { } plan)
            return SourceBatch.Empty;
        var fetch = plan.Fetch;

        var meter = new AwsUsageMeter();
        var client = new CloudWatchClient(_clients.For(stream.Environment));
        var metrics = await DiscoverAsync(client, stream.Environment, aws.Namespaces, resolution, meter, cancellationToken);
        var series = new List<SeriesPoints>();
        var warnings = new List<string>();
        if (metrics.Count == 0)
            return new SourceBatch(series, meter.Usage, warnings);

        var queries = new List<(MetricDataQuery Query, CloudWatchMapping Mapping, CloudWatchStat Stat)>();
        foreach (var (metric, mapping) in metrics)
        {
            foreach (var stat in mapping.Stats)
                queries.Add((new MetricDataQuery("q" + queries.Count.ToString(CultureInfo.InvariantCulture), metric, resolution.Seconds, stat.Stat), mapping, stat));
        }
        var results = await client.GetMetricDataAsync(queries.Select(q => q.Query).ToList(), fetch.Start, fetch.End, meter, cancellationToken);
        var byId = queries.ToDictionary(q => q.Query.Id, StringComparer.Ordinal);
        foreach (var result in results)
        {
            var (query, mapping, stat) = byId[result.Query.Id];
            var points = result.Values.Select(v => new Point(v.Timestamp, v.Value * stat.Scale)).ToList();
            if (points.Count > 0)
                series.Add(new SeriesPoints(mapping.Key(stat, stream.Environment, query.Metric, resolution), points));
        }
        AddWarnings(results, warnings);

        if (resolution == Resolution.Hour)
            await CollectRollupsAsync(client, stream.Environment, metrics, plan, series, warnings, meter, cancellationToken);
        // Every note here is a query CloudWatch did not complete (InternalError, Forbidden, PartialData left): asked
        // again it may succeed, so the window is not done.
        return new SourceBatch(series, meter.Usage, []) { FailedRequests = warnings };
    }

    /// <summary>
    /// Percentiles of each local day and ISO week that ends inside the fetched range (and was not completed by an earlier
    /// run), asked of CloudWatch at that period because a day's p95 cannot be derived from hourly p95s. CloudWatch counts
    /// periods from StartTime, so consecutive days of equal length are one call with a one-day period, and weeks another.
    /// </summary>
    private async Task CollectRollupsAsync(CloudWatchClient client, string environment, IReadOnlyList<(CloudWatchMetric Metric, CloudWatchMapping Mapping)> metrics,
        CollectionPlan plan, List<SeriesPoints> series, List<string> warnings, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var percentiles = metrics.Where(m => m.Mapping.PeriodRollups).ToList();
        if (percentiles.Count == 0)
            return;
        var fetch = plan.Fetch;
        bool Due(TimeWindow period) => period.End > fetch.Start && period.End <= fetch.End && !plan.IsComplete(new TimeWindow(period.End - TimeSpan.FromHours(1), period.End));
        var days = Consecutive(_calendar.DaysIn(fetch).Where(Due), Resolution.Day).ToList();
        var weeks = Consecutive(_calendar.WeeksIn(fetch).Where(Due), Resolution.Week).ToList();
        // One call for days and weeks together when both period lengths count from one StartTime (the usual case: a
        // week starts on a day); otherwise one call per run. Extra days asked before the first due one cost nothing:
        // GetMetricData bills per metric, not per point.
        var calls = days.Count == 1 && weeks.Count == 1 && CountFromOneStart(days[0].Periods[0], weeks[0].Periods[0])
            ? [[days[0], weeks[0]]]
            : days.Concat(weeks).Select(run => new List<(List<TimeWindow> Periods, Resolution Resolution)> { run }).ToList();
        foreach (var parts in calls)
        {
            var queries = new List<(MetricDataQuery Query, CloudWatchMapping Mapping, CloudWatchStat Stat, Resolution Resolution)>();
            foreach (var (periods, resolution) in parts)
            {
                var seconds = (int)periods[0].Duration.TotalSeconds;
                foreach (var (metric, mapping) in percentiles)
                {
                    foreach (var stat in mapping.Stats.Where(s => s.IsPercentile))
                        queries.Add((new MetricDataQuery("q" + queries.Count.ToString(CultureInfo.InvariantCulture), metric, seconds, stat.Stat), mapping, stat, resolution));
                }
            }
            var start = parts.Min(p => p.Periods[0].Start);
            var end = parts.Max(p => p.Periods[^1].End);
            var results = await client.GetMetricDataAsync(queries.Select(q => q.Query).ToList(), start, end, meter, cancellationToken);
            var byId = queries.ToDictionary(q => q.Query.Id, StringComparer.Ordinal);
            var starts = parts.ToDictionary(p => p.Resolution, p => p.Periods.Select(w => w.Start).ToHashSet());
            foreach (var result in results)
            {
                var (query, mapping, stat, resolution) = byId[result.Query.Id];
                var points = result.Values.Where(v => starts[resolution].Contains(v.Timestamp)).Select(v => new Point(v.Timestamp, v.Value * stat.Scale)).ToList();
                if (points.Count > 0)
                    series.Add(new SeriesPoints(mapping.Key(stat, environment, query.Metric, resolution), points));
            }
            AddWarnings(results, warnings);
        }
    }

    // CloudWatch counts every query's periods from the call's StartTime: one call serves both when it starts on a period
    // boundary of each.
    private static bool CountFromOneStart(TimeWindow firstDay, TimeWindow firstWeek)
    {
        var start = firstDay.Start < firstWeek.Start ? firstDay.Start : firstWeek.Start;
        return (firstDay.Start - start).Ticks % firstDay.Duration.Ticks == 0 && (firstWeek.Start - start).Ticks % firstWeek.Duration.Ticks == 0;
    }

    /// <summary>Periods grouped into runs that follow each other and have one length (a DST change starts a new run).</summary>
    private static IEnumerable<(List<TimeWindow> Periods, Resolution Resolution)> Consecutive(IEnumerable<TimeWindow> periods, Resolution resolution)
    {
        var run = new List<TimeWindow>();
        foreach (var period in periods)
        {
            if (run.Count > 0 && (run[^1].End != period.Start || run[^1].Duration != period.Duration))
            {
                yield return (run, resolution);
                run = [];
            }
            run.Add(period);
        }
        if (run.Count > 0)
            yield return (run, resolution);
    }

    private async Task<IReadOnlyList<(CloudWatchMetric Metric, CloudWatchMapping Mapping)>> DiscoverAsync(
        CloudWatchClient client, string environment, IReadOnlyList<string> namespaces, Resolution resolution, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var mappings = Mappings(namespaces).Where(m => m.Resolution == resolution).ToList();
        if (await _discovered.GetAsync(environment, resolution, namespaces, cancellationToken) is { } known)
            return [.. known.Select(m => (Metric: m, Mapping: mappings.FirstOrDefault(x => x.Matches(m)))).Where(m => m.Mapping is not null).Select(m => (m.Metric, m.Mapping!))];
        var found = new List<(CloudWatchMetric, CloudWatchMapping)>();
        foreach (var group in mappings.GroupBy(m => (m.Namespace, m.MetricName)))
        {
            var listed = await client.ListMetricsAsync(group.Key.Namespace, group.Key.MetricName, meter, cancellationToken);
            foreach (var metric in listed)
            {
                if (group.FirstOrDefault(m => m.Matches(metric)) is { } mapping)
                    found.Add((metric, mapping));
            }
        }
        await _discovered.SaveAsync(environment, resolution, namespaces, [.. found.Select(f => f.Item1)], cancellationToken);
        return found;
    }

    private static List<CloudWatchMapping> Mappings(IReadOnlyList<string> namespaces) =>
        CloudWatchMetricCatalog.All.Where(m => namespaces.Count == 0 || namespaces.Contains(m.Namespace, StringComparer.Ordinal)).ToList();

    private static void AddWarnings(IReadOnlyList<MetricDataResult> results, List<string> warnings)
    {
        foreach (var group in results.Where(r => r.StatusCode != "Complete").GroupBy(r => r.StatusCode))
        {
            var examples = string.Join(", ", group.Take(MaxWarningExamples).Select(r => $"{r.Query.Metric.Namespace} {r.Query.Metric.MetricName} {r.Query.Stat}"));
            var messages = string.Join("; ", group.SelectMany(r => r.Messages).Distinct().Take(MaxWarningExamples));
            warnings.Add($"GetMetricData left {group.Count()} queries {group.Key} (gap kept): {examples}{(group.Count() > MaxWarningExamples ? ", …" : "")}{(messages.Length > 0 ? " — " + messages : "")}");
        }
    }
}
