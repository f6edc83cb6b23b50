using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Analysis.Anomaly;

/// <summary>
/// The general anomaly detector over the stored series no specialised detector reads as its own signal: requests and
/// errors per path (load balancers, Lambda functions, application routes; CloudWatch, Datadog and demo alike) and CPU
/// and network series. Latency, memory, log volume and cost have their own detectors and are left to them, so one
/// change is told once. One finding per series: its latest episode, while open or recently ended.
/// </summary>
public sealed class StoredSeriesAnomalies
{
    /// <summary>Metrics judged by the general detector (count metrics are skipped when too sparse to judge).</summary>
    public static IReadOnlyList<string> JudgedMetrics { get; } = [Metrics.Requests, Metrics.Errors, Metrics.CpuUtilization, Metrics.NetworkInBytes, Metrics.NetworkOutBytes];

    private readonly IMetricStore _store;
    private readonly AnalysisOptions _analysis;
    private readonly AnalysisCalendar _calendar;

    public StoredSeriesAnomalies(IMetricStore store, AnalysisOptions analysis, AnalysisCalendar calendar)
    {
        _store = store;
        _analysis = analysis;
        _calendar = calendar;
    }

    public async Task<IReadOnlyList<Finding>> DetectAsync(string environment, TimeWindow window, DateTimeOffset asOf, ISet<string> assessed, CancellationToken ct)
    {
        var o = _analysis.Anomaly;
        var result = new List<Finding>();
        if (!o.Enabled)
            return result;
        var detector = new SeriesAnomalyDetector(o);
        var reportFrom = asOf - TimeSpan.FromDays(_analysis.ReportResolvedDays);
        foreach (var metric in JudgedMetrics)
        {
            // Per path, not per tenant: a tenant's share of a path is the latency detectors' question.
            var filter = new SeriesFilter(metric, Resolution.Hour, (Dims.Env, environment), (Dims.Tenant, SeriesFilter.Absent));
            foreach (var s in await _store.QueryAsync(filter, window, ct))
            {
                var series = RegularSeries.FromPoints(s.Points, window.Start, window.End, TimeSpan.FromHours(1));
                var last = series.LastFinite();
                if (last < 0)
                    continue;
                var unit = Metrics.UnitOf(metric);
                if (unit == "count" && Mean(series) < o.MinCountPerHour)
                    continue;
                var subject = $"{metric} · {s.Key[Dims.Path] ?? s.Key[Dims.Service] ?? string.Join(" ", s.Key.Dimensions.Where(d => d.Key != Dims.Env).Select(d => d.Value))}";
                var id = $"{environment}:{FindingKind.Anomaly}:{subject}";
                if (series.TimeAt(last) >= asOf - TimeSpan.FromHours(24))
                    assessed.Add(id);
                var latest = detector.Detect(series, _calendar.Axis(series.Start, series.Step, series.Count)).LastOrDefault();
                if (latest is not null && (latest.End is null || latest.End >= reportFrom) && Matters(latest, o))
                    result.Add(AnomalyFinding.From(environment, subject, "", unit, latest, series.Step, o, asOf));
            }
        }
        return result;
    }

    // Big enough to tell a reader: the level (or a short spike's peak) moved by a good share of the usual value.
    private static bool Matters(SeriesAnomaly a, AnomalyOptions o)
    {
        if (a.Z < o.MinStoredZ)
            return false;
        if (!(a.Baseline > 0))
            return true;
        var moved = a.Shape is AnomalyShape.Spike or AnomalyShape.Dip ? a.Peak : a.Level;
        return Math.Abs(moved - a.Baseline) >= o.MinChangeRatio * a.Baseline;
    }

    private static double Mean(RegularSeries series)
    {
        double sum = 0;
        var count = 0;
        foreach (var v in series.Values)
        {
            if (double.IsFinite(v))
            {
                sum += v;
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
