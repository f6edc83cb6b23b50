using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Latency regressions per path and per (path, tenant), with "since when" from a change point on hourly p95 against the
/// same hours of earlier weeks; "slow tenant" when one tenant is far above the other tenants on the same path and worse
/// than itself before. A path slowed by one or two tenants while the others are unchanged is told as those tenants' story.
/// </summary>
public sealed class LatencyRegressionDetector(AnalysisOptions options, AnalysisCalendar calendar)
{
    /// <summary>Findings for one environment: at most one per path, per (path, tenant) and per tenant.</summary>
    public IReadOnlyList<Finding> Detect(string environment, IReadOnlyList<LatencySeries> paths, IReadOnlyList<LatencySeries> tenants,
        IReadOnlyDictionary<string, string> tenantNames, DateTimeOffset now)
    {
        var findings = new List<Finding>();
        var slowTenants = new Dictionary<string, List<Finding>>(StringComparer.Ordinal);
        var tenantsByPath = tenants.GroupBy(t => t.Path).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        foreach (var path in paths.Select(p => p.Path).Union(tenantsByPath.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var pathSeries = paths.FirstOrDefault(p => p.Path == path);
            var pathChange = pathSeries is null ? null : Analyze(pathSeries, now);
            var members = tenantsByPath.GetValueOrDefault(path) ?? [];
            var changes = members.Select(m => (Series: m, Change: Analyze(m, now))).ToList();
            var regressed = changes.Where(c => c.Change is not null).ToList();
            var withData = changes.Count(c => c.Series.P95.LastFinite() >= 0);

            // Did the other tenants change? Each unchanged tenant's own now/before ratio, then their median.
            var othersChange = RobustStatistics.Median(changes.Where(c => c.Change is null)
                .Select(c => Evidence(c.Series, now - TimeSpan.FromDays(1), now) is { } e && e.BeforeMs > 0 ? e.NowMs / e.BeforeMs : double.NaN));
            var concentrated = regressed.Count > 0 && regressed.Count <= Math.Max(1, withData / 5)
                && !(othersChange >= options.LatencyRatio);

            if (pathChange is not null && !concentrated)
                findings.Add(PathFinding(environment, pathChange, withData, regressed.Count, now));

            foreach (var (series, change) in regressed)
            {
                var slow = SlowTenantFinding(environment, series, change!, changes, tenantNames, othersChange, now);
                if (slow is not null)
                {
                    if (!slowTenants.TryGetValue(series.Tenant!, out var list))
                        slowTenants[series.Tenant!] = list = [];
                    list.Add(slow);
                }
                else if (concentrated || pathChange is null)
                {
                    findings.Add(PathFinding(environment, change!, withData, regressed.Count, now));
                }
            }
        }

        // One story per tenant: the path where it is slowest, naming the others.
        foreach (var (_, list) in slowTenants)
        {
            var worst = list.OrderByDescending(f => f.Numbers[Facts.OthersRatio]).First();
            if (list.Count > 1)
            {
                var labels = new Dictionary<string, string>(worst.Labels)
                {
                    [Facts.LabelPaths] = string.Join(", ", list.Select(f => f.Labels[Facts.LabelPath])),
                };
                worst = worst with { Start = list.Min(f => f.Start), Labels = labels };
            }
            findings.Add(worst);
        }
        return findings;
    }

    /// <summary>The finding of one series on its own (a CSV export): no tenants to compare with.</summary>
    public Finding? DetectOne(string environment, LatencySeries series, DateTimeOffset now) =>
        Analyze(series, now) is { } change ? PathFinding(environment, change, -1, 0, now) : null;

    /// <summary>The lasting change of one series in the last two weeks, or null when there is none.</summary>
    public LatencyChange? Analyze(LatencySeries series, DateTimeOffset now)
    {
        var p95 = Masked(series);
        var baseline = new SeasonalBaseline(p95, calendar);
        var stepsPerHour = Math.Max(1, TimeSpan.FromHours(1).Ticks / p95.Step.Ticks);
        var minSteps = (int)(options.LatencyMinHours * stepsPerHour);
        var from = Math.Max(0, IndexAtOrAfter(p95, now - TimeSpan.FromDays(options.LatencyDetectionDays)));
        var to = Math.Min(p95.Count, IndexAtOrAfter(p95, now));
        if (to - from < 2 * minSteps)
            return null;
        if (series.Requests is not null && CountFinite(p95, from, to) < 2 * minSteps)
            return AnalyzePooled(series, from, to, now);

        var residuals = new double[to - from];
        for (var i = from; i < to; i++)
            residuals[i - from] = Residual(p95, baseline, i, i);
        if (ChangePoint.Find(residuals, minSteps) is not { } cp || cp.Shift <= 0)
            return null;

        // Judge the hours after the change against history from before it, so a change a week old is not half-absorbed.
        var c = from + cp.Index;
        for (var i = c; i < to; i++)
            residuals[i - from] = Residual(p95, baseline, i, c);
        var before = residuals[..(c - from)].Where(double.IsFinite).ToList();
        var after = residuals[(c - from)..].Where(double.IsFinite).ToList();
        if (after.Count < minSteps || before.Count < minSteps)
            return null;
        var medBefore = RobustStatistics.Median(before);
        var shift = RobustStatistics.Median(after) - medBefore;
        var sigma = Math.Max(0.05, RobustStatistics.MadToSigma * RobustStatistics.Mad(before));
        // Three bars: big enough to matter (the configured ratio), visible hour by hour (two sigmas of the series' own
        // noise), and no accident of which hours fell after the split (a two-sample test on the medians; 1.25 is the
        // standard error of a median relative to a mean's).
        var z = shift / (1.25 * sigma * Math.Sqrt((1.0 / before.Count) + (1.0 / after.Count)));
        if (shift < Math.Log(options.LatencyRatio) || shift / sigma < options.LatencyMinEffectSigmas || z < options.LatencyMinZ)
            return null;

        // Ended when the last ResolveAfterHours judged hours are all back below half the shift.
        var resolveSteps = (int)(options.ResolveAfterHours * stepsPerHour);
        var normalRun = 0;
        var runStart = -1;
        for (var i = to - 1; i >= c; i--)
        {
            var r = residuals[i - from];
            if (!double.IsFinite(r))
                continue;
            if (r >= medBefore + (shift / 2))
                break;
            normalRun++;
            runStart = i;
        }
        DateTimeOffset? end = null;
        if (normalRun >= resolveSteps)
        {
            end = p95.TimeAt(runStart);
            if (end < now - TimeSpan.FromDays(options.ReportResolvedDays))
                return null;
        }
        var requests = 0.0;
        if (series.Requests is { } req)
        {
            for (var i = c; i < to && i < req.Count; i++)
                requests += double.IsFinite(req.Values[i]) ? req.Values[i] : 0;
        }
        return new LatencyChange(series, p95.TimeAt(c), end, Math.Exp(shift), z, requests);
    }

    /// <summary>
    /// The change of a low-traffic series (a tenant or path with a few requests an hour): no hour is worth judging on its
    /// own, so every hour with at least one request counts, pooled over the detection window (a few requests' p95 is
    /// close to their slowest, which is what a customer on that path waits for). The split that best explains the hours
    /// as two levels must rise by the configured ratio, stand out of the hours' own noise, and rest on enough requests on
    /// each side and enough time since it, so that a tenant with a handful of requests a week never makes a finding.
    /// </summary>
    private LatencyChange? AnalyzePooled(LatencySeries series, int from, int to, DateTimeOffset now)
    {
        var requests = series.Requests!;
        var hours = new List<(int Index, double Log, double Requests)>();
        for (var i = from; i < to && i < requests.Count; i++)
        {
            var r = requests.Values[i];
            var v = series.P95.Values[i];
            if (r >= 1 && v > 0)
                hours.Add((i, Math.Log(v), r));
        }
        if (hours.Sum(h => h.Requests) < 2 * options.LatencyPooledMinRequests)
            return null;
        if (ChangePoint.Find(hours.Select(h => h.Log).ToList(), options.LatencyPooledMinHoursWithRequests) is not { } cp || cp.Shift <= 0)
            return null;
        var k = cp.Index;
        var before = hours.Take(k).ToList();
        var after = hours.Skip(k).ToList();
        var since = series.P95.TimeAt(after[0].Index);
        if (before.Sum(h => h.Requests) < options.LatencyPooledMinRequests || after.Sum(h => h.Requests) < options.LatencyPooledMinRequests
            || now - since < TimeSpan.FromHours(options.LatencyPooledMinHours))
            return null;
        var medBefore = RobustStatistics.Median(before.Select(h => h.Log));
        var shift = RobustStatistics.Median(after.Select(h => h.Log)) - medBefore;
        var sigma = Math.Max(0.05, RobustStatistics.MadToSigma * RobustStatistics.Mad(before.Select(h => h.Log)));
        var z = shift / (1.25 * sigma * Math.Sqrt((1.0 / before.Count) + (1.0 / after.Count)));
        if (shift < Math.Log(options.LatencyRatio) || shift / sigma < options.LatencyMinEffectSigmas || z < options.LatencyMinZ)
            return null;

        // Over when the hours with requests of the last ResolveAfterHours are all back below half the shift.
        var normalFrom = -1;
        for (var j = after.Count - 1; j >= 0 && after[j].Log < medBefore + (shift / 2); j--)
            normalFrom = j;
        DateTimeOffset? end = null;
        if (normalFrom >= 0 && now - series.P95.TimeAt(after[normalFrom].Index) >= TimeSpan.FromHours(options.ResolveAfterHours))
        {
            end = series.P95.TimeAt(after[normalFrom].Index);
            if (normalFrom == 0 || end < now - TimeSpan.FromDays(options.ReportResolvedDays))
                return null;
        }
        return new LatencyChange(series, since, end, Math.Exp(shift), z, after.Sum(h => h.Requests), Pooled: true);
    }

    /// <summary>
    /// p95 now vs before a change: the last complete local day's rollup against the latest same weekday before the change,
    /// or, for a change younger than that day, the median hourly p95 since the change against the same hours a week before.
    /// </summary>
    /// <param name="pooled">A low-traffic series: without day rollups, every hour with requests since the change against the week before it.</param>
    public LatencyEvidence? Evidence(LatencySeries series, DateTimeOffset since, DateTimeOffset now, bool pooled = false)
    {
        var today = calendar.Zone.DayOf(now);
        var yesterday = calendar.Zone.DayOf(today.Start - TimeSpan.FromHours(1));
        if (since <= yesterday.Start && series.DayP95.Count > 0)
        {
            var date = calendar.LocalDate(yesterday.Start);
            var nowDay = DayValue(series, yesterday.Start);
            for (var k = 1; k <= 4 && nowDay is { } nowMs; k++)
            {
                var earlier = calendar.Zone.Day(date.AddDays(-7 * k));
                if (earlier.End > since)
                    continue;
                if (DayValue(series, earlier.Start) is { } beforeMs)
                    return new LatencyEvidence(nowMs, beforeMs, true, yesterday.Start);
                break;
            }
        }

        if (pooled)
            return PooledEvidence(series, since, now);
        var p95 = Masked(series);
        var nowValues = new List<double>();
        var beforeValues = new List<double>();
        for (var i = Math.Max(0, IndexAtOrAfter(p95, since)); i < p95.Count && p95.TimeAt(i) < now; i++)
        {
            if (!double.IsFinite(p95.Values[i]))
                continue;
            nowValues.Add(p95.Values[i]);
            var j = i - (int)(TimeSpan.FromDays(7).Ticks / p95.Step.Ticks);
            if (j >= 0 && double.IsFinite(p95.Values[j]) && p95.TimeAt(j) < since)
                beforeValues.Add(p95.Values[j]);
        }
        return nowValues.Count == 0 || beforeValues.Count == 0
            ? null
            : new LatencyEvidence(RobustStatistics.Median(nowValues), RobustStatistics.Median(beforeValues), false, null);
    }

    // Hourly p95s of a few requests each, not percentiles of the same hours: their median since the change against
    // their median over the week before it, each hour with at least one request counted once.
    private static LatencyEvidence? PooledEvidence(LatencySeries series, DateTimeOffset since, DateTimeOffset now)
    {
        if (series.Requests is not { } requests)
            return null;
        var nowValues = new List<double>();
        var beforeValues = new List<double>();
        for (var i = 0; i < series.P95.Count && i < requests.Count; i++)
        {
            var t = series.P95.TimeAt(i);
            if (!(requests.Values[i] >= 1) || !(series.P95.Values[i] > 0) || t >= now || t < since - TimeSpan.FromDays(7))
                continue;
            (t >= since ? nowValues : beforeValues).Add(series.P95.Values[i]);
        }
        return nowValues.Count == 0 || beforeValues.Count == 0
            ? null
            : new LatencyEvidence(RobustStatistics.Median(nowValues), RobustStatistics.Median(beforeValues), false, null, Pooled: true);
    }

    private Finding PathFinding(string environment, LatencyChange change, int tenants, int tenantsRegressed, DateTimeOffset now)
    {
        var s = change.Series;
        var evidence = Evidence(s, change.Since, now, change.Pooled);
        var numbers = new Dictionary<string, double>
        {
            [Facts.Ratio] = Math.Round(evidence is { BeforeMs: > 0 } e ? e.NowMs / e.BeforeMs : change.Ratio, 2),
        };
        if (s.Requests is not null)
            numbers[Facts.Requests] = Math.Round(change.RequestsSince);
        AddEvidence(numbers, evidence);
        if (s.Tenant is null && tenants >= 0)
        {
            numbers[Facts.Tenants] = tenants;
            numbers[Facts.TenantsRegressed] = tenantsRegressed;
        }
        var ratio = numbers[Facts.Ratio];
        var severity = ratio >= options.LatencyCriticalRatio && change.RequestsSince >= options.LatencyCriticalRequests ? Severity.Critical
            : ratio >= options.LatencyRatio ? Severity.Warning
            : Severity.Info;
        var labels = new Dictionary<string, string>
        {
            [Facts.LabelPath] = s.Path,
            [Facts.LabelBaseline] = BaselineLabel(evidence),
        };
        if (s.Tenant is not null)
            labels[Facts.LabelTenant] = s.Tenant;
        var subject = s.Tenant is null ? s.Path : $"{s.Path} · {s.Tenant}";
        return new Finding(environment, FindingKind.LatencyRegression, subject, change.Since, change.End, severity,
            change.End is null ? FindingState.Open : FindingState.Resolved, "", "", numbers,
            FindingUrls.Incident(environment, FindingKind.LatencyRegression, subject), now)
        {
            Labels = labels,
        };
    }

    private Finding? SlowTenantFinding(string environment, LatencySeries series, LatencyChange change,
        List<(LatencySeries Series, LatencyChange? Change)> pathTenants, IReadOnlyDictionary<string, string> names, double othersChange, DateTimeOffset now)
    {
        var evidence = Evidence(series, change.Since, now, change.Pooled);
        if (evidence is null)
            return null;
        // The other tenants on the same path over the same period (their own rollups or hours), median across tenants.
        var others = pathTenants.Where(t => t.Series.Tenant != series.Tenant)
            .Select(t => evidence.FromDayRollups && evidence.Day is { } day
                ? (DayRequestsOf(t.Series, day) >= options.LatencyMinDayRequests ? DayValue(t.Series, day) : null)
                : Evidence(t.Series, change.Since, now)?.NowMs)
            .Where(v => v is > 0)
            .Select(v => v!.Value)
            .ToList();
        if (others.Count < 2)
            return null;
        var othersMs = RobustStatistics.Median(others);
        var othersRatio = evidence.NowMs / othersMs;
        if (othersRatio < options.SlowTenantRatio)
            return null;

        var numbers = new Dictionary<string, double>
        {
            [Facts.OthersRatio] = Math.Round(othersRatio, 2),
            [Facts.P95Others] = Math.Round(othersMs),
            [Facts.Ratio] = Math.Round(evidence.BeforeMs > 0 ? evidence.NowMs / evidence.BeforeMs : change.Ratio, 2),
            [Facts.Requests] = Math.Round(change.RequestsSince),
            [Facts.Tenants] = others.Count + 1,
        };
        if (double.IsFinite(othersChange))
            numbers[Facts.OthersChange] = Math.Round(othersChange, 2);
        AddEvidence(numbers, evidence);
        if (ErrorRatio(series, change.Since, now) is { } errorRatio)
            numbers[Facts.ErrorRatio] = Math.Round(errorRatio, 1);
        var tenant = series.Tenant!;
        var severity = othersRatio >= options.SlowTenantCriticalRatio && change.RequestsSince >= options.SlowTenantCriticalRequests ? Severity.Critical : Severity.Warning;
        return new Finding(environment, FindingKind.SlowTenant, tenant, change.Since, change.End, severity,
            change.End is null ? FindingState.Open : FindingState.Resolved, "", "", numbers,
            FindingUrls.Incident(environment, FindingKind.SlowTenant, tenant), now)
        {
            Labels = new Dictionary<string, string>
            {
                [Facts.LabelTenant] = tenant,
                [Facts.LabelTenantName] = names.GetValueOrDefault(tenant, tenant),
                [Facts.LabelPath] = series.Path,
                [Facts.LabelBaseline] = BaselineLabel(evidence),
            },
        };
    }

    private static string BaselineLabel(LatencyEvidence? evidence) =>
        evidence is null ? "hourly" : evidence.FromDayRollups ? "day" : evidence.Pooled ? "pooled" : "hourly";

    private static int CountFinite(RegularSeries s, int from, int to)
    {
        var n = 0;
        for (var i = from; i < to; i++)
        {
            if (double.IsFinite(s.Values[i]))
                n++;
        }
        return n;
    }

    private static void AddEvidence(Dictionary<string, double> numbers, LatencyEvidence? evidence)
    {
        if (evidence is null)
            return;
        numbers[Facts.P95Now] = Math.Round(evidence.NowMs);
        numbers[Facts.P95Before] = Math.Round(evidence.BeforeMs);
        if (evidence.Day is { } day)
            numbers[Facts.DayStart] = day.ToUnixTimeSeconds();
    }

    // Errors per request since the change against the week before it.
    private static double? ErrorRatio(LatencySeries s, DateTimeOffset since, DateTimeOffset now)
    {
        if (s.Errors is not { } errors || s.Requests is not { } requests)
            return null;
        double Rate(DateTimeOffset from, DateTimeOffset to)
        {
            double e = 0, r = 0;
            for (var i = 0; i < errors.Count && i < requests.Count; i++)
            {
                var t = errors.TimeAt(i);
                if (t >= from && t < to && double.IsFinite(errors.Values[i]) && double.IsFinite(requests.Values[i]))
                {
                    e += errors.Values[i];
                    r += requests.Values[i];
                }
            }
            return r > 0 ? e / r : double.NaN;
        }
        var after = Rate(since, now);
        var before = Rate(since - TimeSpan.FromDays(7), since);
        return before > 0 && double.IsFinite(after) ? after / before : null;
    }

    private RegularSeries Masked(LatencySeries s)
    {
        if (s.Requests is not { } requests)
            return s.P95;
        var values = (double[])s.P95.Values.Clone();
        for (var i = 0; i < values.Length; i++)
        {
            if (i >= requests.Count || !(requests.Values[i] >= options.LatencyMinRequestsPerHour * s.P95.Step.TotalHours))
                values[i] = double.NaN;
        }
        return s.P95 with { Values = values };
    }

    private static double Residual(RegularSeries p95, SeasonalBaseline baseline, int i, int before)
    {
        var v = p95.Values[i];
        if (!(v > 0))
            return double.NaN;
        var e = baseline.Expect(i, before);
        return e.IsKnown && e.Value > 0 ? Math.Log(v / e.Value) : double.NaN;
    }

    private static double? DayValue(LatencySeries s, DateTimeOffset dayStart)
    {
        foreach (var p in s.DayP95)
        {
            if (p.Timestamp == dayStart)
                return p.Value;
        }
        return null;
    }

    private static double DayRequestsOf(LatencySeries s, DateTimeOffset dayStart)
    {
        if (s.DayRequests.Count == 0)
            return double.PositiveInfinity;
        foreach (var p in s.DayRequests)
        {
            if (p.Timestamp == dayStart)
                return p.Value;
        }
        return 0;
    }

    private static int IndexAtOrAfter(RegularSeries s, DateTimeOffset t)
    {
        var ticks = (t - s.Start).Ticks;
        return (int)Math.Clamp((ticks + s.Step.Ticks - 1) / s.Step.Ticks, -1, s.Count);
    }
}
