using OpsReport.Core.Domain;
using OpsReport.Core.Slos;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Which SLOs of an environment no source can count, and why, so the SLO shows "no data" with a reason instead of a
/// guess. Decided from the count series that exist (<c>requests</c>, <c>errors</c>, <c>requests.within</c>, hourly,
/// environment-wide rows): which series an SLO matches follows the counting rule of <see cref="AggregatePaths.IsAggregate"/>.
/// </summary>
public static class SloCoverage
{
    /// <summary>No source counts requests for the SLO's service and path.</summary>
    public const string NoRequests = "noRequests";

    /// <summary>Availability: requests are counted, but no source counts their server errors (e.g. logs without a status field).</summary>
    public const string NoErrors = "noErrors";

    /// <summary>Latency: only load balancer or Lambda totals count the requests, and they do not time each request.</summary>
    public const string LoadBalancerOnly = "loadBalancerOnly";

    /// <summary>Latency: requests are counted, but no source counts those at or under the threshold (e.g. Datadog without a distribution metric).</summary>
    public const string NoThresholdCounts = "noThresholdCounts";

    /// <param name="countSeries">Keys of the environment's hourly count series; other metrics and environments are ignored.</param>
    public static IReadOnlyList<SloCoverageGap> Gaps(IEnumerable<SloDefinition> definitions, IReadOnlyCollection<SeriesKey> countSeries)
    {
        var gaps = new List<SloCoverageGap>();
        foreach (var slo in definitions)
        {
            var mine = Matching(slo, countSeries);
            var requests = mine.Where(k => k.Metric == Metrics.Requests).ToList();
            string? reason;
            if (requests.Count == 0)
                reason = NoRequests;
            else if (slo.Sli == SliKind.Availability)
                reason = mine.Any(k => k.Metric == Metrics.Errors) ? null : NoErrors;
            else if (slo.Threshold is not { } threshold)
                reason = NoThresholdCounts;
            else if (mine.Any(k => k.Metric == Metrics.RequestsWithinThreshold && k[Dims.ThresholdMs] == SloThresholdDimension.Of(threshold)))
                reason = null;
            else
                reason = requests.All(k => AggregatePaths.IsAggregate(k[Dims.Path] ?? "")) ? LoadBalancerOnly : NoThresholdCounts;
            if (reason is not null)
                gaps.Add(new SloCoverageGap(slo, reason));
        }
        return gaps;
    }

    /// <summary>
    /// The environment-wide count series an SLO sums, so that no request is counted twice by two sources. Request logs
    /// (Logs Insights) carry no service; Datadog, load balancer and Lambda rows do, and may see the same requests. An SLO
    /// naming a service sums that service's rows; one naming none sums the rows without a service when they have requests
    /// for it, otherwise the service rows. Within the chosen rows, a route SLO sums its route; a <c>*</c> SLO sums the
    /// application paths, or the load balancer and Lambda rows (<see cref="AggregatePaths.IsAggregate"/>) when no
    /// application path has requests — never both.
    /// </summary>
    public static IReadOnlyList<SeriesKey> Matching(SloDefinition slo, IEnumerable<SeriesKey> countSeries)
    {
        var candidates = countSeries.Where(k =>
                k.Resolution == Resolution.Hour
                && k.Metric is Metrics.Requests or Metrics.Errors or Metrics.RequestsWithinThreshold
                && string.Equals(k[Dims.Env], slo.Environment, StringComparison.OrdinalIgnoreCase)
                && k[Dims.Tenant] is null
                && k[Dims.Path] is not null)
            .ToList();
        return OneSource(slo, candidates);
    }

    /// <summary>
    /// The rule of <see cref="Matching"/> over series of any tenant: the rows of one source per request (request logs
    /// without a service, or service rows), and within them the SLO's route, or for <c>*</c> the application paths or else
    /// the load balancer and Lambda rows. The SLO reader sums exactly these, so coverage and the numbers agree.
    /// </summary>
    public static IReadOnlyList<SeriesKey> OneSource(SloDefinition slo, IEnumerable<SeriesKey> rows)
    {
        var candidates = rows.Where(k => k[Dims.Path] is not null).ToList();
        if (slo.Service is not null)
            return Paths(slo, candidates.Where(k => string.Equals(k[Dims.Service], slo.Service, StringComparison.Ordinal)));
        var logs = Paths(slo, candidates.Where(k => k[Dims.Service] is null));
        return logs.Any(k => k.Metric == Metrics.Requests) ? logs : Paths(slo, candidates.Where(k => k[Dims.Service] is not null));
    }

    private static IReadOnlyList<SeriesKey> Paths(SloDefinition slo, IEnumerable<SeriesKey> rows)
    {
        if (slo.Path != "*")
            return [.. rows.Where(k => k[Dims.Path] == slo.Path)];
        var list = rows.ToList();
        var application = list.Where(k => !AggregatePaths.IsAggregate(k[Dims.Path]!)).ToList();
        return application.Any(k => k.Metric == Metrics.Requests) ? application : [.. list.Where(k => AggregatePaths.IsAggregate(k[Dims.Path]!))];
    }
}
