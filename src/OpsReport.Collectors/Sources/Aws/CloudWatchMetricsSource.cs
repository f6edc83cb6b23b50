using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// CloudWatch metrics (source <c>cloudwatch</c>): discovers with ListMetrics what exists in the configured namespaces,
/// then fetches hourly values with GetMetricData in calls of 500 queries, plus exact day and week percentiles for
/// latency metrics. Gaps stay gaps. Windows already complete cost no call; the last hours are read again while
/// CloudWatch may still be settling them.
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
    // Listed metrics change rarely; discovery is repeated at most this often per environment.
    private static readonly TimeSpan DiscoveryTtl = TimeSpan.FromHours(1);
    private const int MaxWarningExamples = 3;

    private readonly AwsClientPool _clients;
    private readonly CollectedWindows _windows;
    private readonly TimeProvider _time;
    private readonly ZoneCalendar _calendar;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, Resolution), Discovery> _discovered = [];

    public CloudWatchMetricsSource(AwsClientPool clients, IMetricStore store, TimeProvider timeProvider, ZoneCalendar calendar)
    {
        _clients = clients;
        _windows = new CollectedWindows(store);
        _time = timeProvider;
        _calendar = calendar;
    }

    public string Name => SourceName;

    public IReadOnlyList<SourceStream> GetStreams(string environment)
    {
        var aws = _clients.Connections.OptionsFor(environment);
        if (aws is null)
            return [];
        var mappings = Mappings(aws.Namespaces);
        var streams = new List<SourceStream>();
        if (mappings.Any(m => m.Resolution == Resolution.Hour))
            streams.Add(new SourceStream(Name, environment, HourlyStream, TimeSpan.FromHours(1), TimeSpan.FromDays(1), HourlyDelay));
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
        var plan = await _windows.PlanAsync(stream.Id, window, resolution.Duration, settle, settle, cancellationToken);
        if (plan is not { } fetch)
            return SourceBatch.Empty;

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
            await CollectRollupsAsync(client, stream.Environment, metrics, fetch, series, warnings, meter, cancellationToken);
        // Every note here is a query CloudWatch did not complete (InternalError, Forbidden, PartialData left): asked
        // again it may succeed, so the window is not done.
        return new SourceBatch(series, meter.Usage, []) { FailedRequests = warnings };
    }

    /// <summary>
    /// Percentiles of each local day and ISO week that ends inside the fetched range, asked of CloudWatch at that
    /// period (one datapoint per metric), because a day's p95 cannot be derived from hourly p95s.
    /// </summary>
    private async Task CollectRollupsAsync(CloudWatchClient client, string environment, IReadOnlyList<(CloudWatchMetric Metric, CloudWatchMapping Mapping)> metrics,
        TimeWindow fetch, List<SeriesPoints> series, List<string> warnings, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var percentiles = metrics.Where(m => m.Mapping.PeriodRollups).ToList();
        if (percentiles.Count == 0)
            return;
        var periods = _calendar.DaysIn(fetch).Where(d => d.End > fetch.Start && d.End <= fetch.End).Select(d => (Window: d, Resolution: Resolution.Day))
            .Concat(_calendar.WeeksIn(fetch).Where(w => w.End > fetch.Start && w.End <= fetch.End).Select(w => (Window: w, Resolution: Resolution.Week)))
            .ToList();
        foreach (var (period, resolution) in periods)
        {
            var seconds = (int)period.Duration.TotalSeconds;
            var queries = new List<(MetricDataQuery Query, CloudWatchMapping Mapping, CloudWatchStat Stat)>();
            foreach (var (metric, mapping) in percentiles)
            {
                foreach (var stat in mapping.Stats.Where(s => s.IsPercentile))
                    queries.Add((new MetricDataQuery("q" + queries.Count.ToString(CultureInfo.InvariantCulture), metric, seconds, stat.Stat), mapping, stat));
            }
            var results = await client.GetMetricDataAsync(queries.Select(q => q.Query).ToList(), period.Start, period.End, meter, cancellationToken);
            var byId = queries.ToDictionary(q => q.Query.Id, StringComparer.Ordinal);
            foreach (var result in results)
            {
                var (query, mapping, stat) = byId[result.Query.Id];
                var value = result.Values.FirstOrDefault(v => v.Timestamp == period.Start);
                if (result.Values.Count > 0 && value.Timestamp == period.Start)
                    series.Add(new SeriesPoints(mapping.Key(stat, environment, query.Metric, resolution), [new Point(period.Start, value.Value * stat.Scale)]));
            }
            AddWarnings(results, warnings);
        }
    }

    private async Task<IReadOnlyList<(CloudWatchMetric Metric, CloudWatchMapping Mapping)>> DiscoverAsync(
        CloudWatchClient client, string environment, IReadOnlyList<string> namespaces, Resolution resolution, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_discovered.TryGetValue((environment, resolution), out var known) && _time.GetElapsedTime(known.At) < DiscoveryTtl)
                return known.Metrics;
        }
        var found = new List<(CloudWatchMetric, CloudWatchMapping)>();
        foreach (var group in Mappings(namespaces).Where(m => m.Resolution == resolution).GroupBy(m => (m.Namespace, m.MetricName)))
        {
            var listed = await client.ListMetricsAsync(group.Key.Namespace, group.Key.MetricName, meter, cancellationToken);
            foreach (var metric in listed)
            {
                if (group.FirstOrDefault(m => m.Matches(metric)) is { } mapping)
                    found.Add((metric, mapping));
            }
        }
        lock (_gate)
            _discovered[(environment, resolution)] = new Discovery(_time.GetTimestamp(), found);
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

    private sealed record Discovery(long At, IReadOnlyList<(CloudWatchMetric Metric, CloudWatchMapping Mapping)> Metrics);
}
