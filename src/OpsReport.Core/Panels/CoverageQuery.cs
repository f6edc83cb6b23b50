using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Panels;

/// <summary>Builds the coverage page from series, runs, watermarks and coverage findings in the store.</summary>
public sealed class CoverageQuery(IMetricStore store, EnvironmentCatalog environments)
{
    /// <summary>Runs read per environment; at one run per stream and hour this covers 30 days of a few streams.</summary>
    public const int RunLimit = 5000;

    private static readonly TimeSpan HourlySilence = TimeSpan.FromHours(6);
    private static readonly TimeSpan DailySilence = TimeSpan.FromDays(3);

    public async Task<CoverageOverview> BuildAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var marks = await store.GetWatermarksAsync(ct);
        var result = new List<EnvironmentCoverage>();
        foreach (var env in environments.All)
            result.Add(await EnvironmentAsync(env.Name, marks, now, ct));
        return new CoverageOverview(now, result);
    }

    private async Task<EnvironmentCoverage> EnvironmentAsync(string env, IReadOnlyDictionary<StreamId, DateTimeOffset> marks, DateTimeOffset now, CancellationToken ct)
    {
        var mine = marks.Where(kv => kv.Key.Environment == env).ToList();
        DateTimeOffset? collectedUntil = mine.Count == 0 ? null : mine.Min(kv => kv.Value);
        var runs = await store.GetRunsAsync(env, RunLimit, ct);

        var streams = runs.GroupBy(r => (r.Source, r.Stream)).Select(g => g.Key)
            .Union(mine.Select(kv => (kv.Key.Source, kv.Key.Stream)))
            .OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Stream, StringComparer.Ordinal)
            .Select(s =>
            {
                var list = runs.Where(r => r.Source == s.Source && r.Stream == s.Stream).ToList();
                var last = list.Where(r => r.Status != RunStatus.Running).MaxBy(r => r.StartedAt);
                var month = list.Where(r => r.StartedAt >= now.AddDays(-30)).ToList();
                var day = list.Where(r => r.StartedAt >= now.AddDays(-1)).ToList();
                DateTimeOffset? until = mine.Where(kv => kv.Key.Source == s.Source && kv.Key.Stream == s.Stream).Select(kv => (DateTimeOffset?)kv.Value).FirstOrDefault();
                return new SourceStreamStatus(s.Source, s.Stream, last?.Status, last?.FinishedAt ?? last?.StartedAt, last?.Error, until,
                    month.Count, month.Count(r => r.Status is RunStatus.Failed or RunStatus.Partial),
                    month.Sum(r => (long)r.Usage.ApiCalls), month.Sum(r => r.Usage.MetricsRequested), month.Sum(r => r.Usage.BytesScanned),
                    month.Sum(r => r.Usage.EstimatedUsd), day.Sum(r => r.Usage.EstimatedUsd));
            }).ToList();

        var monitored = new List<CoverageItem>();
        var notMonitored = new List<CoverageItem>();
        var until = collectedUntil ?? now;
        var recent = new TimeWindow(until.AddDays(-4), until);

        async Task<List<(string Subject, DateTimeOffset? LastSeen)>> LastSeen(SeriesFilter filter, string dim)
        {
            var keys = await store.FindSeriesAsync(filter, ct);
            var points = (await store.QueryAsync(filter, recent, ct)).ToDictionary(s => s.Key, s => s.Points);
            return keys.GroupBy(k => k[dim]!)
                .Select(g => (g.Key, g.Select(k => points.TryGetValue(k, out var p) && p.Count > 0 ? (DateTimeOffset?)p[^1].Timestamp : null).Max()))
                .OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        }
        void Add(string signal, IEnumerable<(string Subject, DateTimeOffset? LastSeen)> items, Resolution step)
        {
            var silence = step == Resolution.Hour ? HourlySilence : DailySilence;
            foreach (var (subject, seen) in items)
            {
                var silent = seen is null || until - seen > silence;
                (silent ? notMonitored : monitored).Add(new CoverageItem(signal, subject, seen, silent ? CoverageState.Silent : CoverageState.Ok, null));
            }
        }

        var memory = await LastSeen(new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, env), (Dims.Service, SeriesFilter.Any)), Dims.Service);
        Add("memory", memory, Resolution.Hour);
        Add("logs", await LastSeen(new SeriesFilter(Metrics.LogBytes, Resolution.Hour, (Dims.Env, env), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Absent)), Dims.LogGroup), Resolution.Hour);
        var paths = await LastSeen(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, env), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent)), Dims.Path);
        Add("latency", paths, Resolution.Hour);
        Add("cost", await LastSeen(new SeriesFilter(Metrics.CostDaily, Resolution.Day, (Dims.Env, env), (Dims.AwsService, SeriesFilter.Any)), Dims.AwsService), Resolution.Day);
        Add("storage", await LastSeen(new SeriesFilter(Metrics.BucketSize, Resolution.Day, (Dims.Env, env), (Dims.Bucket, SeriesFilter.Any)), Dims.Bucket), Resolution.Day);

        // Paths measured only in total cannot answer "how fast is it for customer X".
        var split = (await store.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, env), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Any)), ct))
            .Select(k => k[Dims.Path]!).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, seen) in paths.Where(p => !split.Contains(p.Subject)))
            notMonitored.Add(new CoverageItem("latency per tenant", path, seen, CoverageState.Partial, null));

        // Services that serve requests but have no memory series: nobody would see them run out.
        var servingServices = (await store.FindSeriesAsync(new SeriesFilter(Metrics.Requests, Resolution.Hour, (Dims.Env, env), (Dims.Service, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent)), ct))
            .Select(k => k[Dims.Service]!).Distinct(StringComparer.Ordinal);
        foreach (var service in servingServices.Where(s => memory.All(m => m.Subject != s)).Order(StringComparer.Ordinal))
            notMonitored.Add(new CoverageItem("memory", service, null, CoverageState.Missing, null));

        foreach (var stream in streams.Where(s => s.LastStatus is RunStatus.Failed or RunStatus.Partial))
            notMonitored.Add(new CoverageItem("collection", stream.Source + "/" + stream.Stream, stream.LastRunAt, CoverageState.Silent, stream.LastError));

        var findings = (await store.GetFindingsAsync(env, FindingState.Open, ct)).Where(f => f.Kind == FindingKind.Coverage).ToList();
        return new EnvironmentCoverage(env, collectedUntil, streams, monitored, notMonitored, findings);
    }
}
