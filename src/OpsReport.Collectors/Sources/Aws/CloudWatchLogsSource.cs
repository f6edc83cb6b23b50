using System.Globalization;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// CloudWatch Logs (source <c>logs</c>): the log-group inventory (DescribeLogGroups: retention, stored bytes, class) and
/// latency per path and tenant from application request logs via Logs Insights (hourly, plus exact day and week
/// rollups) with, hourly, the requests at or under each latency SLO threshold. On demand, <see cref="GetLevelMixAsync"/> tells what a log group's lines are (level mix, top patterns).
/// </summary>
public sealed class CloudWatchLogsSource : ISource
{
    public const string SourceName = "logs";
    public const string InventoryStream = "inventory";
    public const string LatencyStream = "latency";
    public const string LevelMixStream = "level-mix";

    /// <summary>Stored bytes per log group (daily, from the inventory).</summary>
    public const string StoredBytesMetric = "logs.stored_bytes";

    // Log events of an hour are ingested within minutes of it.
    internal static readonly TimeSpan LatencyDelay = TimeSpan.FromMinutes(15);
    // Hours left as gaps (timeouts, failures) during the last day are queried again with the next window.
    internal static readonly TimeSpan LatencyReread = TimeSpan.FromDays(1);
    private const int PatternCount = 10;

    private readonly AwsClientPool _clients;
    private readonly IMetricStore _store;
    private readonly CollectedWindows _windows;
    private readonly TimeProvider _time;
    private readonly ZoneCalendar _calendar;
    private readonly InsightsQueryRunner _insights;
    private readonly SloLatencyThresholds _thresholds;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _tenantsPublished = new(StringComparer.OrdinalIgnoreCase);

    public CloudWatchLogsSource(AwsClientPool clients, IMetricStore store, TimeProvider timeProvider, ZoneCalendar calendar)
        : this(clients, store, timeProvider, calendar, InsightsPolling.Default)
    {
    }

    public CloudWatchLogsSource(AwsClientPool clients, IMetricStore store, TimeProvider timeProvider, ZoneCalendar calendar, InsightsPolling polling)
        : this(clients, store, timeProvider, calendar, polling, SloLatencyThresholds.None)
    {
    }

    /// <param name="thresholds">Latency SLO thresholds whose request counts the hourly query adds (<c>requests.within</c>).</param>
    public CloudWatchLogsSource(AwsClientPool clients, IMetricStore store, TimeProvider timeProvider, ZoneCalendar calendar, InsightsPolling polling,
        SloLatencyThresholds thresholds)
    {
        _thresholds = thresholds;
        _clients = clients;
        _store = store;
        _windows = new CollectedWindows(store);
        _time = timeProvider;
        _calendar = calendar;
        _insights = new InsightsQueryRunner(timeProvider, polling);
    }

    public string Name => SourceName;

    public IReadOnlyList<SourceStream> GetStreams(string environment)
    {
        var aws = _clients.Connections.OptionsFor(environment);
        if (aws is null)
            return [];
        // The inventory is a snapshot: one window covers any backfill, and only its last day gets the snapshot.
        var streams = new List<SourceStream> { new(Name, environment, InventoryStream, TimeSpan.FromDays(1), TimeSpan.FromDays(400), TimeSpan.Zero) };
        if (aws.LogGroups.Count > 0)
            streams.Add(new SourceStream(Name, environment, LatencyStream, TimeSpan.FromHours(1), TimeSpan.FromDays(1), LatencyDelay));
        return streams;
    }

    public Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken)
    {
        var aws = _clients.Connections.OptionsFor(stream.Environment)
            ?? throw new ArgumentException($"Environment '{stream.Environment}' has no Aws section.", nameof(stream));
        return stream.Name switch
        {
            InventoryStream => CollectInventoryAsync(stream, window, cancellationToken),
            LatencyStream => CollectLatencyAsync(stream, aws, window, cancellationToken),
            _ => throw new ArgumentException($"The logs source has no stream '{stream.Name}' (streams: {InventoryStream}, {LatencyStream}).", nameof(stream)),
        };
    }

    /// <summary>
    /// The level mix and top message patterns of a log group in a window (two Insights queries, billed by bytes
    /// scanned). Hourly event counts per level are also stored as <c>logs.events{level=…}</c> series, and the call is
    /// recorded as a run of stream <c>level-mix</c>, so pages show the DEBUG share and the coverage page what it cost.
    /// </summary>
    /// <exception cref="AwsServiceException">A call failed (e.g. logs:StartQuery denied); the message names environment and action.</exception>
    public async Task<LogLevelMix> GetLevelMixAsync(string environment, string logGroup, TimeWindow window, CancellationToken cancellationToken)
    {
        var aws = _clients.Connections.OptionsFor(environment)
            ?? throw new ArgumentException($"Environment '{environment}' has no Aws section.", nameof(environment));
        var streamId = new StreamId(Name, environment, LevelMixStream);
        var runId = await _store.StartRunAsync(streamId, window, _time.GetUtcNow(), cancellationToken);
        var meter = new AwsUsageMeter();
        try
        {
            var logs = new CloudWatchLogsClient(_clients.For(environment));
            var level = string.IsNullOrEmpty(aws.LevelField) ? "opsreport_level" : $"coalesce({LatencyQueries.Field(aws.LevelField)}, opsreport_level)";
            var levelQuery = "parse @message /(?<opsreport_level>TRACE|DEBUG|INFO|WARN|ERROR|FATAL)/" +
                             $" | fields {level} as opsreport_lvl | stats count(*) as events by opsreport_lvl, {LatencyQueries.HourField}";
            var patternQuery = $"pattern @message | sort @sampleCount desc | limit {PatternCount}";
            var levelsTask = _insights.RunAsync(logs, [logGroup], window, levelQuery, CloudWatchLogsClient.MaxQueryRows, aws.InsightsConcurrency, aws.InsightsQueryTimeout, meter, cancellationToken);
            var patternsTask = _insights.RunAsync(logs, [logGroup], window, patternQuery, PatternCount, aws.InsightsConcurrency, aws.InsightsQueryTimeout, meter, cancellationToken);
            await Task.WhenAll(levelsTask, patternsTask);
            var levels = await levelsTask;
            var patterns = await patternsTask;

            var warnings = new List<string>();
            var byLevel = new Dictionary<string, long>(StringComparer.Ordinal);
            var hourly = new Dictionary<string, List<Point>>(StringComparer.Ordinal);
            if (levels.IsComplete)
            {
                foreach (var row in levels.Rows)
                {
                    var name = NormalizeLevel(row.GetValueOrDefault("opsreport_lvl"));
                    if (!long.TryParse(row.GetValueOrDefault("events"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var events))
                        continue;
                    byLevel[name] = byLevel.GetValueOrDefault(name) + events;
                    if (LatencyQueries.TryParseBin(row.GetValueOrDefault(LatencyQueries.HourField), out var hour))
                    {
                        if (!hourly.TryGetValue(name, out var points))
                            hourly[name] = points = [];
                        points.Add(new Point(hour, events));
                    }
                }
                if (levels.RowLimitHit)
                    warnings.Add($"level query hit the {CloudWatchLogsClient.MaxQueryRows}-row limit; counts are incomplete");
            }
            else
            {
                warnings.Add($"level query for {logGroup} {window} {levels.Problem}");
            }
            var top = new List<LogPattern>();
            if (patterns.IsComplete)
            {
                foreach (var row in patterns.Rows)
                {
                    long.TryParse(row.GetValueOrDefault("@sampleCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count);
                    double? ratio = double.TryParse(row.GetValueOrDefault("@ratio"), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : null;
                    top.Add(new LogPattern(row.GetValueOrDefault("@pattern") ?? "", count, ratio));
                }
            }
            else
            {
                warnings.Add($"pattern query for {logGroup} {window} {patterns.Problem}");
            }

            var series = hourly.Select(kv => new SeriesPoints(
                new SeriesKey(Metrics.LogEvents, Resolution.Hour, (Dims.Env, environment), (Dims.LogGroup, logGroup), (Dims.Level, kv.Key)),
                kv.Value.GroupBy(p => p.Timestamp).Select(g => new Point(g.Key, g.Sum(p => p.Value))).OrderBy(p => p.Timestamp).ToList())).ToList();
            var written = await _store.CommitAsync(series, null, cancellationToken);
            await _store.FinishRunAsync(runId, warnings.Count > 0 ? RunStatus.Partial : RunStatus.Succeeded, written, meter.Usage,
                warnings.Count > 0 ? string.Join("; ", warnings) : null, _time.GetUtcNow(), CancellationToken.None);
            return new LogLevelMix(environment, logGroup, window, byLevel, top, meter.Usage, warnings);
        }
        catch (Exception e)
        {
            await _store.FinishRunAsync(runId, RunStatus.Failed, 0, meter.Usage, e.Message.ReplaceLineEndings(" "), _time.GetUtcNow(), CancellationToken.None);
            throw;
        }
    }

    private async Task<SourceBatch> CollectInventoryAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken)
    {
        // DescribeLogGroups tells the present only: a window that ended days ago gets nothing (and costs nothing).
        var now = _time.GetUtcNow();
        if (window.IsEmpty || window.End < now - TimeSpan.FromDays(2))
            return SourceBatch.Empty;
        if (await _windows.PlanAsync(stream.Id, window, TimeSpan.FromDays(1), TimeSpan.Zero, TimeSpan.Zero, cancellationToken) is null)
            return SourceBatch.Empty;

        var meter = new AwsUsageMeter();
        var logs = new CloudWatchLogsClient(_clients.For(stream.Environment));
        var groups = await logs.DescribeLogGroupsAsync(null, meter, cancellationToken);
        await new LogGroupInventory(stream.Environment, now, groups).SaveAsync(_store, cancellationToken);
        // Coverage findings name the log groups that never expire (no retention set: stored bytes grow forever).
        await LogRetentionDirectory.PublishAsync(_store, stream.Environment,
            groups.Where(g => g.Name.Length > 0).ToDictionary(g => g.Name, g => g.RetentionDays), cancellationToken);
        // The snapshot stands for the window's last day.
        var day = window.End - TimeSpan.FromDays(1);
        var series = groups.Where(g => g.StoredBytes is not null && g.Name.Length > 0)
            .Select(g => new SeriesPoints(
                new SeriesKey(StoredBytesMetric, Resolution.Day, (Dims.Env, stream.Environment), (Dims.LogGroup, g.Name)),
                [new Point(day, g.StoredBytes!.Value)]))
            .ToList();
        return new SourceBatch(series, meter.Usage, []);
    }

    private async Task<SourceBatch> CollectLatencyAsync(SourceStream stream, AwsEnvironmentOptions aws, TimeWindow window, CancellationToken cancellationToken)
    {
        if (await _windows.PlanWithCoverageAsync(stream.Id, window, TimeSpan.FromHours(1), LatencyDelay, LatencyReread, cancellationToken) is not { } plan)
            return SourceBatch.Empty;
        var fetch = plan.Fetch;
        await PublishTenantsAsync(stream.Environment, aws, cancellationToken);

        var meter = new AwsUsageMeter();
        var logs = new CloudWatchLogsClient(_clients.For(stream.Environment));
        var queries = new LatencyQueries(aws, new PathNormalizer(aws.PathRules), _thresholds.For(stream.Environment));
        var shapes = queries.ByTenant ? new[] { false, true } : [false];
        var tasks = new List<Task<(IReadOnlyList<SeriesPoints> Series, IReadOnlyList<string> Warnings, IReadOnlyList<string> Failed)>>();
        foreach (var byTenant in shapes)
            tasks.Add(HourlyAsync(logs, aws, queries, stream.Environment, fetch, byTenant, meter, cancellationToken));
        if (aws.InsightsRollups)
        {
            // A period is queried once, by the run whose range holds its last hour; a range widened to read a gap again
            // leaves alone the periods an earlier run already completed.
            bool Due(TimeWindow period) => period.End > fetch.Start && period.End <= fetch.End && !plan.IsComplete(new TimeWindow(period.End - TimeSpan.FromHours(1), period.End));
            var periods = _calendar.DaysIn(fetch).Where(Due).Select(d => (Window: d, Resolution: Resolution.Day))
                .Concat(_calendar.WeeksIn(fetch).Where(Due).Select(w => (Window: w, Resolution: Resolution.Week)));
            foreach (var (period, resolution) in periods)
            {
                foreach (var byTenant in shapes)
                    tasks.Add(RollupAsync(logs, aws, queries, stream.Environment, period, resolution, byTenant, meter, cancellationToken));
            }
        }
        var parts = await Task.WhenAll(tasks);
        return new SourceBatch([.. parts.SelectMany(p => p.Series)], meter.Usage, [.. parts.SelectMany(p => p.Warnings)])
        {
            FailedRequests = [.. parts.SelectMany(p => p.Failed)],
            Queries = meter.Queries,
        };
    }

    /// <summary>Hourly stats over the range; a result cut by the 10,000-row limit is queried again in halves.</summary>
    private async Task<(IReadOnlyList<SeriesPoints>, IReadOnlyList<string>, IReadOnlyList<string>)> HourlyAsync(CloudWatchLogsClient logs, AwsEnvironmentOptions aws, LatencyQueries queries,
        string environment, TimeWindow range, bool byTenant, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var outcome = await _insights.RunAsync(logs, aws.LogGroups, range, queries.Build(byTenant, hourly: true), CloudWatchLogsClient.MaxQueryRows,
            aws.InsightsConcurrency, aws.InsightsQueryTimeout, meter, cancellationToken);
        var kind = byTenant ? "latency by path and tenant" : "latency by path";
        // A query that timed out or failed is asked again next run: the window is not done.
        if (!outcome.IsComplete)
            return ([], [], [$"{kind} {range}: query {outcome.Problem}; fetched again next run"]);
        if (outcome.RowLimitHit)
        {
            var hours = (long)range.Duration.TotalHours;
            if (hours > 1)
            {
                var middle = range.Start + TimeSpan.FromHours(hours / 2);
                var first = HourlyAsync(logs, aws, queries, environment, new TimeWindow(range.Start, middle), byTenant, meter, cancellationToken);
                var second = HourlyAsync(logs, aws, queries, environment, new TimeWindow(middle, range.End), byTenant, meter, cancellationToken);
                var halves = await Task.WhenAll(first, second);
                return ([.. halves.SelectMany(h => h.Item1)], [.. halves.SelectMany(h => h.Item2)], [.. halves.SelectMany(h => h.Item3)]);
            }
            return (queries.ToSeries(environment, outcome.Rows, byTenant, Resolution.Hour, null),
                [$"{kind} {range}: {CloudWatchLogsClient.MaxQueryRows} rows in one hour (row limit); the rarest paths or tenants are missing"], []);
        }
        return (queries.ToSeries(environment, outcome.Rows, byTenant, Resolution.Hour, null), [], []);
    }

    private async Task<(IReadOnlyList<SeriesPoints>, IReadOnlyList<string>, IReadOnlyList<string>)> RollupAsync(CloudWatchLogsClient logs, AwsEnvironmentOptions aws, LatencyQueries queries,
        string environment, TimeWindow period, Resolution resolution, bool byTenant, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var outcome = await _insights.RunAsync(logs, aws.LogGroups, period, queries.Build(byTenant, hourly: false), CloudWatchLogsClient.MaxQueryRows,
            aws.InsightsConcurrency, aws.InsightsQueryTimeout, meter, cancellationToken);
        var kind = $"{(resolution == Resolution.Day ? "day" : "week")} latency{(byTenant ? " by tenant" : "")}";
        if (!outcome.IsComplete)
            return ([], [], [$"{kind} {period}: query {outcome.Problem}; fetched again next run"]);
        var warnings = outcome.RowLimitHit
            ? new[] { $"{kind} {period}: {CloudWatchLogsClient.MaxQueryRows} rows (row limit); the rarest paths or tenants are missing" }
            : [];
        return (queries.ToSeries(environment, outcome.Rows, byTenant, resolution, period.Start), warnings, []);
    }

    // Series carry tenant ids; surfaces show the configured names from the tenant directory.
    private async Task PublishTenantsAsync(string environment, AwsEnvironmentOptions aws, CancellationToken cancellationToken)
    {
        if (aws.Tenants.Count == 0)
            return;
        lock (_gate)
        {
            if (_tenantsPublished.Contains(environment))
                return;
        }
        await TenantDirectory.PublishAsync(_store, environment, aws.Tenants, cancellationToken);
        lock (_gate)
            _tenantsPublished.Add(environment);
    }

    private static string NormalizeLevel(string? level)
    {
        var upper = string.IsNullOrWhiteSpace(level) ? LogLevelMix.UnknownLevel : level.Trim().ToUpperInvariant();
        return upper switch
        {
            "WARNING" => "WARN",
            "ERR" => "ERROR",
            "CRITICAL" => "FATAL",
            _ => upper,
        };
    }
}
