using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>
/// Request latency per (path, tenant) and per path over all tenants, hourly and rolled up to local days and ISO weeks.
/// Each (path, tenant, hour) is a log-normal distribution with a request count; everything wider (all tenants, a day,
/// a week) is the count-weighted mixture of those distributions, so its percentiles are true percentiles.
/// </summary>
internal sealed class DemoLatency
{
    private static readonly double[] Quantiles = [0.50, 0.95, 0.99];
    private static readonly double[] NormalQuantiles = [0, 1.6448536269514722, 2.3263478740408408];
    private static readonly string[] Metric = [Metrics.LatencyP50, Metrics.LatencyP95, Metrics.LatencyP99, Metrics.Requests, Metrics.Errors];
    private static readonly Resolution[] Resolutions = [Resolution.Hour, Resolution.Day, Resolution.Week];

    // The slow-tenant incident: the deploy made one tenant's export downloads about four times slower and more variable.
    private static readonly double SlowMedianShift = Math.Log(4.2);
    private const double SlowSigmaShift = 0.08;
    private const double SlowErrorFactor = 3;

    private readonly DemoEnvironment _env;
    private readonly ZoneCalendar _calendar;
    private readonly Pair[] _pairs;
    private readonly PathGroup[] _groups;
    private HourComponents? _spareHours;

    /// <param name="within">
    /// The latency thresholds (whole ms) to count requests at or under, per path template: those of the loaded latency SLOs,
    /// so the store holds only the <c>requests.within</c> series something reads.
    /// </param>
    public DemoLatency(DemoEnvironment env, ZoneCalendar calendar, Func<DemoPath, IReadOnlyList<int>>? within = null)
    {
        _env = env;
        _calendar = calendar;
        var pairs = new List<Pair>();
        var groups = new List<PathGroup>();
        var tenants = DemoCatalog.TenantsOf(env.Name);
        foreach (var path in DemoCatalog.Paths)
        {
            var members = new List<int>();
            var thresholds = within?.Invoke(path).Distinct().Order().ToArray() ?? [];
            foreach (var tenant in tenants)
            {
                var used = DemoCatalog.PathsOf(tenant);
                if (!used.Contains(path))
                    continue;
                members.Add(pairs.Count);
                pairs.Add(CreatePair(env, path, tenant, used.Sum(p => p.Weight), thresholds));
            }
            if (members.Count > 0)
                groups.Add(new PathGroup(path, [.. members], Keys(BaseDims(env.Name, path)), thresholds, WithinKeys(BaseDims(env.Name, path), thresholds)));
        }
        _pairs = [.. pairs];
        _groups = [.. groups];
    }

    public SourceBatch Collect(TimeWindow window, CancellationToken cancellationToken)
    {
        var firstHour = CeilHour(window.Start);
        var endHour = CeilHour(window.End);
        if (endHour <= firstHour)
            return SourceBatch.Empty;

        // Rollups cover each touched local day and ISO week from its start up to the end of this window, so the
        // current day or week is rewritten ("so far") as later windows arrive; computed once per period per call.
        var periods = new List<Period>();
        foreach (var day in _calendar.DaysIn(window))
            periods.Add(new Period(1, day.Start, CeilHour(day.Start), Math.Min(CeilHour(day.End), endHour)));
        foreach (var week in _calendar.WeeksIn(window))
            periods.Add(new Period(2, week.Start, CeilHour(week.Start), Math.Min(CeilHour(week.End), endHour)));
        var rangeStart = periods.Aggregate(firstHour, (min, p) => Math.Min(min, p.FirstHour));

        // The hour tables (a few MB for production) are kept for the next window: a backfill asks for dozens in a row.
        var hours = Interlocked.Exchange(ref _spareHours, null) ?? new HourComponents();
        hours.Reset(_pairs.Length, rangeStart, endHour);
        for (var i = 0; i < _pairs.Length; i++)
            Fill(i, hours);
        cancellationToken.ThrowIfCancellationRequested();

        var builder = new SeriesBatchBuilder();
        // Points per series in this batch, by resolution (hour, day, week), so each list is sized once.
        var hourCount = (int)(endHour - firstHour);
        int[] perResolution = [hourCount, periods.Count(p => p.Resolution == 1), periods.Count(p => p.Resolution == 2)];
        var pairSeries = _pairs.Select(p => Register(builder, p.Keys, perResolution)).ToArray();
        var groupSeries = _groups.Select(g => Register(builder, g.Keys, perResolution)).ToArray();
        var pairWithin = _pairs.Select(p => p.WithinKeys.Select(k => builder.Register(k, hourCount)).ToArray()).ToArray();
        var groupWithin = _groups.Select(g => g.WithinKeys.Select(k => builder.Register(k, hourCount)).ToArray()).ToArray();
        var withinSums = new double[_groups.Select(g => g.ThresholdsMs.Length).DefaultIfEmpty(0).Max()];
        // Sized for the widest rollup (a period's hours, times a path's tenants), so they never grow while it is computed.
        var groupMix = new LogNormalMixture(hours.Length * _groups.Select(g => g.Pairs.Length).DefaultIfEmpty(1).Max());
        var pairMix = new LogNormalMixture(hours.Length);

        for (var hour = firstHour; hour < endHour; hour++)
        {
            var t = TokyoClock.FromHourIndex(hour);
            var h = (int)(hour - rangeStart);
            for (var g = 0; g < _groups.Length; g++)
            {
                groupMix.Clear();
                double requests = 0, errors = 0;
                var thresholds = _groups[g].ThresholdsMs;
                var lnThresholds = _groups[g].LnThresholdsMs;
                Array.Clear(withinSums);
                foreach (var p in _groups[g].Pairs)
                {
                    var (count, mu, sigma, err) = hours.Get(p, h);
                    var series = pairSeries[p][0];
                    builder.Add(series[3], t, count);
                    builder.Add(series[4], t, err);
                    requests += count;
                    errors += err;
                    // Requests at or under each SLO threshold, from the same distribution the percentiles come from.
                    for (var k = 0; k < thresholds.Length; k++)
                    {
                        var within = count <= 0 ? 0 : Math.Round(count * LogNormalMixture.NormalCdf((lnThresholds[k] - mu) / sigma));
                        builder.Add(pairWithin[p][k], t, within);
                        withinSums[k] += within;
                    }
                    if (count <= 0)
                        continue;
                    for (var q = 0; q < Quantiles.Length; q++)
                        builder.Add(series[q], t, Ms(Math.Exp(mu + (sigma * NormalQuantiles[q]))));
                    groupMix.Add(count, mu, sigma);
                }
                Emit(builder, groupSeries[g][0], t, groupMix, requests, errors);
                for (var k = 0; k < thresholds.Length; k++)
                    builder.Add(groupWithin[g][k], t, withinSums[k]);
            }
        }

        foreach (var period in periods)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var a = (int)(period.FirstHour - rangeStart);
            var b = (int)(period.EndHour - rangeStart);
            for (var g = 0; g < _groups.Length; g++)
            {
                groupMix.Clear();
                double groupRequests = 0, groupErrors = 0;
                foreach (var p in _groups[g].Pairs)
                {
                    pairMix.Clear();
                    double requests = 0, errors = 0;
                    for (var h = a; h < b; h++)
                    {
                        var (count, mu, sigma, err) = hours.Get(p, h);
                        requests += count;
                        errors += err;
                        pairMix.Add(count, mu, sigma);
                        groupMix.Add(count, mu, sigma);
                    }
                    Emit(builder, pairSeries[p][period.Resolution], period.Start, pairMix, requests, errors);
                    groupRequests += requests;
                    groupErrors += errors;
                }
                Emit(builder, groupSeries[g][period.Resolution], period.Start, groupMix, groupRequests, groupErrors);
            }
        }
        _spareHours = hours;
        return new SourceBatch(builder.Build(), ApiUsage.None, []);
    }

    private static void Emit(SeriesBatchBuilder builder, int[] series, DateTimeOffset t, LogNormalMixture mix, double requests, double errors)
    {
        builder.Add(series[3], t, requests);
        builder.Add(series[4], t, errors);
        // No requests means no latency: the percentile is missing, not zero.
        if (mix.Count == 0)
            return;
        for (var q = 0; q < Quantiles.Length; q++)
            builder.Add(series[q], t, Ms(mix.Quantile(Quantiles[q], NormalQuantiles[q])));
    }

    private void Fill(int index, HourComponents hours)
    {
        var pair = _pairs[index];
        var s = pair.Stream;
        for (var h = 0; h < hours.Length; h++)
        {
            var hour = hours.FirstHour + h;
            var demand = hours.Demand(h, _env);
            var lambda = pair.Lambda0 * demand * Math.Exp(0.1 * DemoRandom.Normal(s, hour, 0));
            var count = Math.Max(0, Math.Round(lambda + (Math.Sqrt(lambda) * DemoRandom.Normal(s, hour, 1))));
            // Latency rises mildly with load: queueing at the database and the connection pool.
            var mu = pair.LnMedian0 + hours.LoadLatency(h, _env) + (0.07 * DemoRandom.Normal(s, hour, 2));
            var sigma = pair.Sigma;
            var errorRate = pair.ErrorRate * Math.Exp(0.35 * DemoRandom.Normal(s, hour, 3));
            if (pair.Slow && TokyoClock.FromHourIndex(hour) >= _env.Incidents.SlowTenantStart)
            {
                mu += SlowMedianShift;
                sigma += SlowSigmaShift;
                errorRate *= SlowErrorFactor;
            }
            var expectedErrors = count * errorRate;
            var errors = Math.Clamp(Math.Round(expectedErrors + (Math.Sqrt(expectedErrors) * DemoRandom.Normal(s, hour, 4))), 0, count);
            hours.Set(index, h, count, mu, sigma, errors);
        }
    }

    private static Pair CreatePair(DemoEnvironment env, DemoPath path, DemoTenant tenant, double tenantWeight, int[] thresholds)
    {
        var identity = $"latency|{env.Name}|{path.Template}|{tenant.Id}";
        var constants = DemoRandom.Stream(env.Seed, identity + "|constants");
        var tenantStream = DemoRandom.Stream(env.Seed, "tenant|" + env.Name + "|" + tenant.Id);
        var (peakRequests, dataFactor) = tenant.Size switch
        {
            DemoTenantSize.Large => (9000.0, 1.2),
            DemoTenantSize.Medium => (2200.0, 1.05),
            _ => (300.0, 0.95),
        };
        // The slow tenant is the biggest customer; others vary around their size class.
        var tenantScale = tenant.Id == DemoCatalog.SlowTenantId ? 1.4 : Math.Exp(0.25 * DemoRandom.Normal(tenantStream, 0, 0));
        var lambda0 = peakRequests * tenantScale * env.TrafficScale * path.Weight / tenantWeight;
        var lnMedian0 = Math.Log(path.MedianMs * dataFactor) + (0.08 * DemoRandom.Normal(constants, 0, 0));
        var sigma = path.Sigma * (1 + (0.05 * DemoRandom.Normal(constants, 0, 1)));
        var slow = env.Role == DemoEnvironmentRole.Production && tenant.Id == DemoCatalog.SlowTenantId && path.Template == DemoCatalog.SlowPath;
        var dims = BaseDims(env.Name, path).Append((Dims.Tenant, tenant.Id)).ToArray();
        return new Pair(DemoRandom.Stream(env.Seed, identity), lambda0, lnMedian0, sigma, path.ErrorRate, slow, Keys(dims), WithinKeys(dims, thresholds));
    }

    private static (string, string)[] BaseDims(string env, DemoPath path) => [(Dims.Env, env), (Dims.Service, path.Service), (Dims.Path, path.Template)];

    // Keys[resolution][metric] in the order of Resolutions and Metric.
    private static SeriesKey[][] Keys((string, string)[] dims) =>
        Resolutions.Select(r => Metric.Select(m => new SeriesKey(m, r, dims)).ToArray()).ToArray();

    private static SeriesKey[] WithinKeys((string, string)[] dims, int[] thresholds) =>
        thresholds.Select(ms => new SeriesKey(Metrics.RequestsWithinThreshold, Resolution.Hour,
            [.. dims, (Dims.ThresholdMs, ms.ToString(CultureInfo.InvariantCulture))])).ToArray();

    // keys[resolution][metric]; capacity[resolution] points each.
    private static int[][] Register(SeriesBatchBuilder builder, SeriesKey[][] keys, int[] capacity) =>
        keys.Select((perMetric, r) => perMetric.Select(k => builder.Register(k, capacity[r])).ToArray()).ToArray();

    private static long CeilHour(DateTimeOffset t)
    {
        var seconds = t.ToUnixTimeSeconds();
        return (seconds + 3599) / 3600;
    }

    private static double Ms(double value) => Math.Round(value, 2);

    private sealed record Pair(ulong Stream, double Lambda0, double LnMedian0, double Sigma, double ErrorRate, bool Slow, SeriesKey[][] Keys, SeriesKey[] WithinKeys);

    private sealed record PathGroup(DemoPath Path, int[] Pairs, SeriesKey[][] Keys, int[] ThresholdsMs, SeriesKey[] WithinKeys)
    {
        /// <summary>ln of each threshold, taken once instead of once per (tenant, hour).</summary>
        public double[] LnThresholdsMs { get; } = ThresholdsMs.Select(ms => Math.Log(ms)).ToArray();
    }

    // Resolution is an index into Resolutions (1 = day, 2 = week).
    private sealed record Period(int Resolution, DateTimeOffset Start, long FirstHour, long EndHour);

    /// <summary>Per (pair, hour) request count, log-normal parameters and errors over a range of hours.</summary>
    private sealed class HourComponents
    {
        private double[] _count = [];
        private double[] _mu = [];
        private double[] _sigma = [];
        private double[] _errors = [];
        private double[] _demand = [];
        private double[] _loadLatency = [];

        /// <summary>Makes the tables cover the range (growing them when too small); every (pair, hour) is set before it is read.</summary>
        public void Reset(int pairs, long firstHour, long endHour)
        {
            FirstHour = firstHour;
            Length = (int)(endHour - firstHour);
            var cells = pairs * Length;
            if (_count.Length < cells)
            {
                _count = new double[cells];
                _mu = new double[cells];
                _sigma = new double[cells];
                _errors = new double[cells];
            }
            if (_demand.Length < Length)
            {
                _demand = new double[Length];
                _loadLatency = new double[Length];
            }
            Array.Fill(_demand, double.NaN, 0, Length);
        }

        public long FirstHour { get; private set; }

        public int Length { get; private set; }

        public double Demand(int h, DemoEnvironment env)
        {
            if (double.IsNaN(_demand[h]))
            {
                _demand[h] = env.Demand(FirstHour + h);
                _loadLatency[h] = Math.Log(1 + (0.12 * _demand[h]));
            }
            return _demand[h];
        }

        /// <summary>How much the hour's load lifts ln(latency): queueing at the database and the connection pool (shared by every tenant).</summary>
        public double LoadLatency(int h, DemoEnvironment env)
        {
            Demand(h, env);
            return _loadLatency[h];
        }

        public void Set(int pair, int h, double count, double mu, double sigma, double errors)
        {
            var i = (pair * Length) + h;
            _count[i] = count;
            _mu[i] = mu;
            _sigma[i] = sigma;
            _errors[i] = errors;
        }

        public (double Count, double Mu, double Sigma, double Errors) Get(int pair, int h)
        {
            var i = (pair * Length) + h;
            return (_count[i], _mu[i], _sigma[i], _errors[i]);
        }
    }
}
