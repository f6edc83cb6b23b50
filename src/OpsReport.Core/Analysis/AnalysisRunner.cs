using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Slos;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Runs every detector over the stored series of each environment, ties cost lines to the signals that explain them,
/// merges the result with the stored findings (stable identity, open → resolved) and writes them back with their words.
/// Re-running over the same data gives the same findings.
/// </summary>
public sealed partial class AnalysisRunner
{
    private readonly IMetricStore _store;
    private readonly EnvironmentCatalog _environments;
    private readonly OpsReportOptions _options;
    private readonly AnalysisOptions _analysis;
    private readonly ZoneCalendar _zone;
    private readonly AnalysisCalendar _calendar;
    private readonly TenantDirectory _tenants;
    private readonly TimeProvider _clock;
    private readonly IReadOnlyList<ILogLevelMixProvider> _levelProviders;
    private readonly ILogger<AnalysisRunner> _logger;
    private readonly IDeployStore? _deploys;
    private readonly SloReader? _slos;

    public AnalysisRunner(IMetricStore store, EnvironmentCatalog environments, IOptions<OpsReportOptions> options, ZoneCalendar zone,
        TenantDirectory tenants, TimeProvider clock, IEnumerable<ILogLevelMixProvider> levelProviders, ILogger<AnalysisRunner> logger,
        IDeployStore? deploys = null, SloReader? slos = null)
    {
        _deploys = deploys;
        _slos = slos;
        _store = store;
        _environments = environments;
        _options = options.Value;
        _analysis = _options.Analysis;
        _zone = zone;
        _calendar = AnalysisCalendar.From(zone, _analysis);
        _tenants = tenants;
        _clock = clock;
        _levelProviders = levelProviders.ToList();
        _logger = logger;
    }

    /// <summary>Analyzes one environment (or all), stores the findings and returns the current ones.</summary>
    /// <exception cref="ArgumentException">An unknown environment name.</exception>
    public async Task<AnalysisSummary> RunAsync(string? environment = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<EnvironmentInfo> envs = environment is null
            ? _environments.All
            : [_environments.Find(environment) ?? throw new ArgumentException(
                $"Unknown environment '{environment}'. Known environments: {string.Join(", ", _environments.All.Select(e => e.Name))}.")];
        using var activity = AnalysisTelemetry.Start(envs);
        var now = _clock.GetUtcNow();
        var asOf = TimeWindow.FloorToHour(now);
        var text = new FindingText(_options.Language, _zone);
        // Environments are independent: as many at a time as there are cores (reads run side by side; the store
        // serialises the writes), so a dozen environments take a fraction of the time one after another would.
        var results = new (IReadOnlyList<Finding> Current, int Opened, int Resolved)[envs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, envs.Count), parallel,
            async (k, ct) => results[k] = await AnalyzeEnvironmentAsync(envs[k], now, asOf, text, ct));
        var current = results.SelectMany(r => r.Current).ToList();
        int opened = results.Sum(r => r.Opened), resolved = results.Sum(r => r.Resolved);
        var ordered = current.OrderByDescending(f => f.State == FindingState.Open).ThenByDescending(f => f.Severity)
            .ThenBy(f => f.Environment, StringComparer.Ordinal).ThenByDescending(f => f.Start).ToList();
        var summary = new AnalysisSummary(ordered, envs.Count, opened, resolved, Stopwatch.GetElapsedTime(started));
        LogRun(summary.Environments, summary.Open, opened, resolved, summary.Duration.TotalMilliseconds);
        AnalysisTelemetry.Finished(activity, envs, summary);
        return summary;
    }

    private async Task<(IReadOnlyList<Finding> Current, int Opened, int Resolved)> AnalyzeEnvironmentAsync(EnvironmentInfo env, DateTimeOffset now, DateTimeOffset asOf,
        FindingText text, CancellationToken cancellationToken)
    {
        // One analysis per environment at a time across instances sharing the store; an instance that finds it held
        // reads the findings the holder writes instead of computing the same ones again.
        await using var lease = await HeldLease.TryAcquireAsync(_store, LeaseNames.Analyze(env.Name), _options.Store.LeaseDuration, _clock, cancellationToken);
        if (lease is null)
        {
            LogHeldElsewhere(env.Name);
            return ((await CurrentFindingsAsync(env.Name, now, cancellationToken)).ToList(), 0, 0);
        }
        var (detected, assessed) = await DetectAsync(env, asOf, cancellationToken);
        var existing = await _store.GetFindingsAsync(env.Name, null, cancellationToken);
        var lifecycle = FindingLifecycle.Merge(existing, detected, assessed, now);
        if (_deploys is not null)
            lifecycle = await DeployAttribution.AttachAsync(lifecycle, env.Name, _deploys, _store, cancellationToken);
        var merged = lifecycle
            .Select(f => text.Render(f) with { Url = FindingUrls.Absolute(_options.BaseUrl, f.Url) })
            .ToList();
        var before = existing.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var opened = merged.Count(f => f.State == FindingState.Open && !(before.TryGetValue(f.Id, out var b) && b.State == FindingState.Open && b.Start == f.Start));
        var resolved = merged.Count(f => f.State == FindingState.Resolved && before.TryGetValue(f.Id, out var b) && b.State == FindingState.Open);
        await _store.UpsertFindingsAsync(merged, cancellationToken);
        return ((await CurrentFindingsAsync(env.Name, now, cancellationToken)).ToList(), opened, resolved);
    }

    /// <summary>Every detector over one environment's stored series, as of <paramref name="asOf"/>; nothing is written.</summary>
    public async Task<(IReadOnlyList<Finding> Findings, IReadOnlySet<string> Assessed)> DetectAsync(EnvironmentInfo env, DateTimeOffset asOf, CancellationToken ct)
    {
        var window = new TimeWindow(asOf - TimeSpan.FromDays(_analysis.LookbackDays), asOf);
        var findings = new List<Finding>();
        var assessed = new HashSet<string>(StringComparer.Ordinal);
        string Id(FindingKind kind, string subject) => $"{env.Name}:{kind}:{subject}";

        // Cost first: its movements are folded into the log and bucket stories below.
        var costWindow = new TimeWindow(UtcDay(window.Start), UtcDay(asOf));
        var lines = (await QueryAsync(Metrics.CostDaily, Resolution.Day, env.Name, costWindow, ct))
            .Select(s => new CostLine(s.Key[Dims.Account] ?? "", s.Key[Dims.AwsService] ?? "", s.Key[Dims.UsageType] ?? "",
                RegularSeries.FromPoints(s.Points, costWindow.Start, costWindow.End, TimeSpan.FromDays(1))))
            .ToList();
        var costDetector = new CostMoverDetector(_analysis);
        var movements = costDetector.FindMovements(lines, asOf).ToList();
        foreach (var line in lines.Where(l => l.Daily.LastFinite() >= 0))
            assessed.Add(Id(FindingKind.CostMover, line.Name));

        findings.AddRange(await LogFindingsAsync(env, window, asOf, movements, lines, assessed, ct));
        findings.AddRange(await MemoryFindingsAsync(env, window, asOf, assessed, ct));
        findings.AddRange(await LatencyFindingsAsync(env, window, asOf, assessed, ct));
        findings.AddRange(await new Anomaly.StoredSeriesAnomalies(_store, _analysis, _calendar).DetectAsync(env.Name, window, asOf, assessed, ct));
        if (_slos is not null)
            findings.AddRange(await SloFindingsAsync(env, window, asOf, assessed, ct));

        var buckets = (await QueryAsync(Metrics.BucketSize, Resolution.Day, env.Name, costWindow, ct))
            .Select(s => (Name: s.Key[Dims.Bucket] ?? s.Key.ToString(), Growth: CostMoverDetector.BucketGrowth(
                RegularSeries.FromPoints(s.Points, costWindow.Start, costWindow.End, TimeSpan.FromDays(1)), asOf, _zone)))
            .Where(b => b.Growth is not null)
            .ToList();
        foreach (var b in buckets)
            assessed.Add(Id(FindingKind.CostMover, b.Name));
        var totalChange = lines.Select(l => l.Daily.LastFinite() is var i and >= 7 && double.IsFinite(l.Daily.Values[i - 7]) ? l.Daily.Values[i] - l.Daily.Values[i - 7] : 0).Sum();
        foreach (var m in movements)
        {
            (string, double, double, DateTimeOffset)? bucket = null;
            if (m.Line.IsS3Storage && m.Move != CostMove.New)
            {
                // The bucket that explains the growth: the fastest grower, if it is most of the growth.
                var growing = buckets.Where(b => b.Growth!.Value.GbPerDay > 0).OrderByDescending(b => b.Growth!.Value.GbPerDay).ToList();
                var total = growing.Sum(b => b.Growth!.Value.GbPerDay);
                if (growing.Count > 0 && growing[0].Growth!.Value.GbPerDay >= _analysis.CostCauseMinShare * total)
                {
                    var g = growing[0].Growth!.Value;
                    bucket = (growing[0].Name, g.GbPerDay, g.NowGb, g.Since);
                }
            }
            (string, double, double)? logGroup = null;
            if (m.Line.IsLogIngestion && m.Move != CostMove.New)
            {
                // Not told inside a log-volume finding: a slower rise. Name the group whose ingestion grew with it.
                logGroup = costDetector.LargestContributor((await LogGroupDailyGbAsync(env.Name, costWindow, ct)), m.Since, UtcDay(asOf));
            }
            var share = totalChange > 0 && double.IsFinite(m.WeekOverWeek) ? m.WeekOverWeek / totalChange : double.NaN;
            findings.Add(costDetector.ToFinding(env.Name, m, share, bucket, asOf, logGroup));
        }

        var coverage = await CoverageInputAsync(env, window, asOf, ct);
        foreach (var f in CoverageDetector.Detect(env.Name, coverage, asOf))
            findings.Add(f);
        foreach (var subject in new[] { "memory-services", "latency-paths", "latency-tenants", "log-retention" }
                     .Concat(coverage.LastRuns.Select(r => $"source:{r.Source}/{r.Stream}")))
            assessed.Add(Id(FindingKind.Coverage, subject));
        return (findings, assessed);
    }

    private async Task<List<Finding>> LogFindingsAsync(EnvironmentInfo env, TimeWindow window, DateTimeOffset asOf, List<CostMovement> movements,
        List<CostLine> lines, HashSet<string> assessed, CancellationToken ct)
    {
        var bytes = await QueryAsync(Metrics.LogBytes, Resolution.Hour, env.Name, window, ct);
        var events = await QueryAsync(Metrics.LogEvents, Resolution.Hour, env.Name, window, ct);
        SeriesKey Group(SeriesKey k) => new(k.Metric, k.Resolution, k.Dimensions.Remove(Dims.Level));
        var levelSplit = events.Where(s => s.Key[Dims.Level] is not null)
            .GroupBy(s => Group(s.Key).WithMetric(Metrics.LogBytes))
            .ToDictionary(g => g.Key, g => g.ToDictionary(s => s.Key[Dims.Level]!, s => Hourly(s.Points, window), StringComparer.OrdinalIgnoreCase));
        // Volume in bytes where the source gives bytes (that is what ingestion is billed by), else events.
        var volumes = bytes.Where(s => s.Key[Dims.Level] is null).Select(s => (Key: s.Key, Series: s, IsBytes: true)).ToList();
        var withBytes = volumes.Select(v => v.Key.WithMetric(Metrics.LogEvents)).ToHashSet();
        volumes.AddRange(events.Where(s => s.Key[Dims.Level] is null && !withBytes.Contains(s.Key)).Select(s => (Key: s.Key.WithMetric(Metrics.LogBytes), Series: s, IsBytes: false)));

        var region = RegionOf(env, lines);
        var price = _analysis.LogIngestionUsdPerGb.TryGetValue(region, out var p) ? p : _analysis.LogIngestionUsdPerGb.GetValueOrDefault(_analysis.DefaultRegion, 0.5);
        var detector = new LogVolumeDetector(_analysis, _calendar);
        var result = new List<Finding>();
        foreach (var (key, series, isBytes) in volumes)
        {
            var subject = key[Dims.LogGroup] ?? key[Dims.Service] ?? key.ToString();
            var regular = Hourly(series.Points, window);
            if (regular.LastFinite() >= 0 && regular.TimeAt(regular.LastFinite()) >= asOf - TimeSpan.FromHours(24))
            {
                assessed.Add($"{env.Name}:{FindingKind.LogVolume}:{subject}");
                assessed.Add($"{env.Name}:{FindingKind.DebugLogging}:{subject}");
            }
            var byLevel = levelSplit.GetValueOrDefault(key) ?? new Dictionary<string, RegularSeries>();
            var input = new LogVolumeInput(subject, key.Dimensions, regular, isBytes, byLevel);
            foreach (var episode in detector.FindEpisodes(input, asOf))
            {
                LogLevelMix? during, before;
                string? levelSource = null;
                if (byLevel.Count > 0)
                {
                    during = LogVolumeDetector.MixFromSeries(byLevel, episode.Recent);
                    before = LogVolumeDetector.MixFromSeries(byLevel, LogVolumeDetector.BeforeWindow(episode));
                    levelSource = "level-split series";
                }
                else
                {
                    during = await AskLevelMixAsync(env.Name, key, episode.Recent, ct);
                    before = during is null ? null : await AskLevelMixAsync(env.Name, key, LogVolumeDetector.BeforeWindow(episode), ct);
                    levelSource = during is null ? null : "on-demand log query";
                }
                result.Add(detector.ToFinding(env.Name, env.IsProduction, episode, during, before, levelSource, region, price, asOf));
            }
        }

        // One story: a CloudWatch ingestion cost line that moved with a log-volume finding is told inside it.
        foreach (var f in result.Where(f => f.Numbers.ContainsKey(Facts.ExcessGbPerDay)).OrderByDescending(f => f.Numbers[Facts.ExcessGbPerDay]).ToList())
        {
            var link = movements.FirstOrDefault(m => m.Line.IsLogIngestion && Math.Abs((m.Since - f.Start).TotalDays) <= 2);
            if (link is null)
                continue;
            movements.Remove(link);
            var numbers = new Dictionary<string, double>(f.Numbers)
            {
                [Facts.LinkedCostBefore] = Math.Round(link.BeforePerDay, 2),
                [Facts.LinkedCostNow] = Math.Round(link.NowPerDay, 2),
            };
            var labels = new Dictionary<string, string>(f.Labels)
            {
                [Facts.LabelCostLine] = link.Line.Name,
                [Facts.LabelAccount] = link.Line.Account,
            };
            result[result.IndexOf(f)] = f with { Numbers = numbers, Labels = labels };
        }
        return result;
    }

    private async Task<List<Finding>> MemoryFindingsAsync(EnvironmentInfo env, TimeWindow window, DateTimeOffset asOf, HashSet<string> assessed, CancellationToken ct)
    {
        var detector = new MemoryTrendDetector(_analysis, _calendar);
        var result = new List<Finding>();
        foreach (var s in await QueryAsync(Metrics.MemoryUtilization, Resolution.Hour, env.Name, window, ct))
        {
            var subject = s.Key[Dims.Service] ?? string.Join(" ", s.Key.Dimensions.Where(d => d.Key != Dims.Env).Select(d => d.Value));
            var input = new MemoryTrendInput(subject, s.Key.Dimensions, Hourly(s.Points, window));
            if (detector.Analyze(input.Utilization, asOf) is null)
                continue;
            assessed.Add($"{env.Name}:{FindingKind.MemoryTrend}:{subject}");
            if (detector.Detect(env.Name, input, asOf) is { } finding)
                result.Add(finding);
        }
        return result;
    }

    private async Task<IReadOnlyList<Finding>> LatencyFindingsAsync(EnvironmentInfo env, TimeWindow window, DateTimeOffset asOf, HashSet<string> assessed, CancellationToken ct)
    {
        var p95 = await QueryAsync(Metrics.LatencyP95, Resolution.Hour, env.Name, window, ct, (Dims.Path, SeriesFilter.Any));
        var requests = (await QueryAsync(Metrics.Requests, Resolution.Hour, env.Name, window, ct, (Dims.Path, SeriesFilter.Any))).ToDictionary(s => s.Key);
        var errors = (await QueryAsync(Metrics.Errors, Resolution.Hour, env.Name, window, ct, (Dims.Path, SeriesFilter.Any))).ToDictionary(s => s.Key);
        var dayWindow = new TimeWindow(asOf - TimeSpan.FromDays(_analysis.LookbackDays + 2), asOf);
        var dayP95 = (await QueryAsync(Metrics.LatencyP95, Resolution.Day, env.Name, dayWindow, ct, (Dims.Path, SeriesFilter.Any))).ToDictionary(s => s.Key);
        var dayRequests = (await QueryAsync(Metrics.Requests, Resolution.Day, env.Name, dayWindow, ct, (Dims.Path, SeriesFilter.Any))).ToDictionary(s => s.Key);

        var paths = new List<LatencySeries>();
        var tenants = new List<LatencySeries>();
        foreach (var s in p95)
        {
            var path = s.Key[Dims.Path]!;
            var tenant = s.Key[Dims.Tenant];
            var series = new LatencySeries(path, tenant, Hourly(s.Points, window),
                requests.TryGetValue(s.Key.WithMetric(Metrics.Requests), out var r) ? Hourly(r.Points, window) : null,
                dayP95.TryGetValue(s.Key.WithResolution(Resolution.Day), out var d) ? d.Points : [],
                dayRequests.TryGetValue(s.Key.WithMetric(Metrics.Requests).WithResolution(Resolution.Day), out var dr) ? dr.Points : [],
                errors.TryGetValue(s.Key.WithMetric(Metrics.Errors), out var e) ? Hourly(e.Points, window) : null);
            (tenant is null ? paths : tenants).Add(series);
            var last = series.P95.LastFinite();
            if (last >= 0 && series.P95.TimeAt(last) >= asOf - TimeSpan.FromHours(24))
            {
                assessed.Add($"{env.Name}:{FindingKind.LatencyRegression}:{(tenant is null ? path : $"{path} · {tenant}")}");
                if (tenant is not null)
                    assessed.Add($"{env.Name}:{FindingKind.SlowTenant}:{tenant}");
            }
        }
        var names = await _tenants.GetNamesAsync(env.Name, ct);
        return new LatencyRegressionDetector(_analysis, _calendar).Detect(env.Name, paths, tenants, names, asOf);
    }

    // Ingested GB per UTC day (the days Cost Explorer bills by) of each log group, from its hourly byte counts.
    private async Task<List<(string Name, RegularSeries Daily)>> LogGroupDailyGbAsync(string env, TimeWindow costWindow, CancellationToken ct) =>
        (await QueryAsync(Metrics.LogBytes, Resolution.Hour, env, costWindow, ct, (Dims.LogGroup, SeriesFilter.Any)))
            .Where(s => s.Key[Dims.Level] is null)
            .Select(s => (s.Key[Dims.LogGroup]!, RegularSeries.FromPoints(s.Points, costWindow.Start, costWindow.End, TimeSpan.FromHours(1))
                .Resample(TimeSpan.FromDays(1), (values, _) => values.Count >= 20 ? values.Sum() / LogVolumeDetector.BytesPerGb : double.NaN)))
            .ToList();

    private async Task<CoverageInput> CoverageInputAsync(EnvironmentInfo env, TimeWindow window, DateTimeOffset asOf, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lastSeen = new Dictionary<(string, string?), DateTimeOffset>();
        foreach (var s in await QueryAsync(Metrics.Requests, Resolution.Hour, env.Name, window, ct, (Dims.Path, SeriesFilter.Any)))
        {
            if (s.Key[Dims.Service] is { } service && !AggregatePaths.HasNoMemory(s.Key[Dims.Path]!))
                seen.Add(service);
            if (s.Points.Count > 0)
                lastSeen[(s.Key[Dims.Path]!, s.Key[Dims.Tenant])] = s.Points[^1].Timestamp;
        }
        var memory = (await _store.FindSeriesAsync(new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, env.Name)), ct))
            .Select(k => k[Dims.Service]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var runs = (await _store.GetRunsAsync(env.Name, 500, ct))
            .Where(r => r.Status != RunStatus.Running)
            .GroupBy(r => (r.Source, r.Stream))
            .Select(g => g.First())
            .ToList();
        var retention = await LogRetentionDirectory.GetAsync(_store, env.Name, ct);
        return new CoverageInput(seen, memory, lastSeen, retention, runs);
    }

    /// <summary>Budget burns of every SLO of the environment (and of each top tenant of per-tenant SLOs).</summary>
    private async Task<List<Finding>> SloFindingsAsync(EnvironmentInfo env, TimeWindow window, DateTimeOffset asOf, HashSet<string> assessed, CancellationToken ct)
    {
        var result = new List<Finding>();
        var evaluated = await _slos!.ReadWithHistoryAsync(env.Name, asOf, window.Start, ct);
        if (evaluated.Count == 0)
            return result;
        var names = await _tenants.GetNamesAsync(env.Name, ct);
        var detector = new SloBurnDetector(_analysis.Slo);
        var reportSince = asOf - TimeSpan.FromDays(_analysis.ReportResolvedDays);
        foreach (var (status, series) in evaluated)
        {
            // An SLO without counts is not judged: its open finding stays as it was (missing is not "back to normal").
            if (status.State == SloState.NoData)
                continue;
            assessed.Add($"{env.Name}:{FindingKind.SloBurn}:{SloBurnDetector.Subject(status.Definition, status.Tenant)}");
            var name = status.Tenant is { } t ? names.GetValueOrDefault(t) : null;
            if (detector.Detect(env.Name, status, series, asOf, reportSince, name) is { } finding)
                result.Add(finding);
        }
        return result;
    }

    private async Task<LogLevelMix?> AskLevelMixAsync(string env, SeriesKey key, TimeWindow window, CancellationToken ct)
    {
        foreach (var provider in _levelProviders)
        {
            try
            {
                if (await provider.GetLevelMixAsync(new LogLevelMixRequest(env, key.Dimensions, window), ct) is { } mix)
                    return mix;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The finding stands without the level mix; say so in the log, not as a failed analysis.
                LogLevelMixFailed(provider.GetType().Name, key.ToString(), e);
            }
        }
        return null;
    }

    private string RegionOf(EnvironmentInfo env, List<CostLine> lines)
    {
        if (_options.Environments.FirstOrDefault(e => e.Name == env.Name)?.Aws?.Region is { Length: > 0 } configured)
            return configured;
        // Cost Explorer usage types carry the region as a prefix, e.g. APN1-DataProcessing-Bytes.
        var usage = lines.FirstOrDefault(l => l.IsLogIngestion)?.UsageType;
        var prefix = usage?.Split('-')[0];
        return prefix switch
        {
            "USE1" => "us-east-1",
            "USE2" => "us-east-2",
            "USW1" => "us-west-1",
            "USW2" => "us-west-2",
            "EU" or "EUW1" => "eu-west-1",
            "EUC1" => "eu-central-1",
            "APN1" => "ap-northeast-1",
            "APN3" => "ap-northeast-3",
            "APS1" => "ap-southeast-1",
            "APS2" => "ap-southeast-2",
            "DataProcessing" => "us-east-1",
            _ => _analysis.DefaultRegion,
        };
    }

    private Task<IReadOnlyList<SeriesPoints>> QueryAsync(string metric, Resolution resolution, string env, TimeWindow window, CancellationToken ct,
        params (string Name, string Value)[] dims) =>
        _store.QueryAsync(new SeriesFilter(metric, resolution, [(Dims.Env, env), .. dims]), window, ct);

    private static RegularSeries Hourly(IReadOnlyList<Point> points, TimeWindow window) =>
        RegularSeries.FromPoints(points, window.Start, window.End, TimeSpan.FromHours(1));

    private static DateTimeOffset UtcDay(DateTimeOffset t) => new(t.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>Open findings and those resolved within the report window.</summary>
    private async Task<IEnumerable<Finding>> CurrentFindingsAsync(string environment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reportFrom = now - TimeSpan.FromDays(_analysis.ReportResolvedDays);
        return (await _store.GetFindingsAsync(environment, null, cancellationToken)).Where(f => f.State == FindingState.Open || f.End >= reportFrom);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analysis of {Environment} is running in another instance; its stored findings are used")]
    private partial void LogHeldElsewhere(string environment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Analysis: {Environments} environment(s), {Open} open finding(s), {Opened} new, {Resolved} resolved, {Milliseconds:0} ms")]
    private partial void LogRun(int environments, int open, int opened, int resolved, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Log level mix from {Provider} failed for {Series}")]
    private partial void LogLevelMixFailed(string provider, string series, Exception exception);
}
