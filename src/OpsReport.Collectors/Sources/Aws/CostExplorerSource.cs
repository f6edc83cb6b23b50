using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Cost Explorer (source <c>cost</c>): daily unblended cost per linked account, AWS service and usage type, at UTC
/// midnight. One request lists the accounts (GroupBy LINKED_ACCOUNT), then one per account groups by SERVICE ×
/// USAGE_TYPE (Cost Explorer allows two group-bys). Days AWS still marks <c>Estimated</c> are fetched again on later
/// runs; final days are never asked for twice.
/// </summary>
public sealed class CostExplorerSource : ISource
{
    public const string SourceName = "cost";
    public const string DailyStream = "daily";

    // Estimates are revised until the month's bill closes: look back over this month and the last.
    internal static readonly TimeSpan EstimatedReread = TimeSpan.FromDays(62);

    private readonly AwsClientPool _clients;
    private readonly IMetricStore _store;
    private readonly CollectedWindows _windows;

    public CostExplorerSource(AwsClientPool clients, IMetricStore store)
    {
        _clients = clients;
        _store = store;
        _windows = new CollectedWindows(store);
    }

    public string Name => SourceName;

    /// <summary>Setting holding the first UTC date Cost Explorer last called Estimated (days from it on are fetched again).</summary>
    public static string EstimatedFromSetting(string environment) => "aws.cost.estimated_from." + environment;

    public IReadOnlyList<SourceStream> GetStreams(string environment)
    {
        var aws = _clients.Connections.OptionsFor(environment);
        return aws is { CostExplorer: true }
            // Pricing is per request whatever the span: long windows keep a backfill to a few requests.
            ? [new SourceStream(Name, environment, DailyStream, TimeSpan.FromDays(1), TimeSpan.FromDays(92), TimeSpan.Zero)]
            : [];
    }

    public async Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken)
    {
        if (stream.Name != DailyStream)
            throw new ArgumentException($"The cost source has no stream '{stream.Name}' (streams: {DailyStream}).", nameof(stream));
        var setting = EstimatedFromSetting(stream.Environment);
        var estimatedFrom = ParseDate(await _store.GetSettingAsync(setting, cancellationToken));
        var plan = await _windows.PlanAsync(stream.Id, window, TimeSpan.FromDays(1), TimeSpan.Zero, EstimatedReread, cancellationToken, estimatedFrom);
        if (plan is not { } fetch)
            return SourceBatch.Empty;

        var start = DateOnly.FromDateTime(fetch.Start.UtcDateTime);
        var end = DateOnly.FromDateTime(fetch.End.UtcDateTime);
        var meter = new AwsUsageMeter();
        var client = new CostExplorerClient(_clients.For(stream.Environment));
        var accounts = await client.GetDailyCostAsync(start, end, ["LINKED_ACCOUNT"], null, meter, cancellationToken);
        DateOnly? firstEstimated = FirstEstimated(accounts, null);

        var points = new Dictionary<SeriesKey, List<Point>>();
        foreach (var account in accounts.SelectMany(r => r.Groups).Select(g => g.Keys.FirstOrDefault() ?? "").Where(a => a.Length > 0).Distinct().Order(StringComparer.Ordinal))
        {
            var results = await client.GetDailyCostAsync(start, end, ["SERVICE", "USAGE_TYPE"], account, meter, cancellationToken);
            firstEstimated = FirstEstimated(results, firstEstimated);
            foreach (var day in results)
            {
                var t = new DateTimeOffset(day.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                foreach (var group in day.Groups.Where(g => g.Keys.Count == 2))
                {
                    var key = new SeriesKey(Metrics.CostDaily, Resolution.Day,
                        (Dims.Env, stream.Environment), (Dims.Account, account), (Dims.AwsService, group.Keys[0]), (Dims.UsageType, group.Keys[1]));
                    if (!points.TryGetValue(key, out var list))
                        points[key] = list = [];
                    list.Add(new Point(t, (double)group.Amount));
                }
            }
        }

        var marker = NextMarker(estimatedFrom, fetch, firstEstimated);
        if (marker != estimatedFrom && marker is { } m)
            await _store.SetSettingAsync(setting, m.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken);
        return new SourceBatch([.. points.Select(kv => new SeriesPoints(kv.Key, kv.Value.OrderBy(p => p.Timestamp).ToList()))], meter.Usage, []);
    }

    /// <summary>
    /// The new "estimated from" date after fetching [fetch.Start, fetch.End): the first estimated day seen, unless an
    /// older estimated day lies before the fetch (it is still unrevised); when nothing was estimated, the fetch end.
    /// </summary>
    internal static DateTimeOffset? NextMarker(DateTimeOffset? current, TimeWindow fetch, DateOnly? firstEstimated)
    {
        if (current is { } c && c < fetch.Start)
            return c;
        if (firstEstimated is { } e)
            return new DateTimeOffset(e.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return current is { } old && old < fetch.End ? fetch.End : current;
    }

    private static DateOnly? FirstEstimated(IEnumerable<CostResultByTime> results, DateOnly? first)
    {
        foreach (var r in results.Where(r => r.Estimated))
        {
            if (first is null || r.Day < first)
                first = r.Day;
        }
        return first;
    }

    private static DateTimeOffset? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;
}
