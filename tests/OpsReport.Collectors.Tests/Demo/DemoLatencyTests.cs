using OpsReport.Collectors.Sources.Demo;
using OpsReport.Collectors.Tests.Support;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Demo;

public sealed class DemoLatencyTests(DemoDataFixture data) : IClassFixture<DemoDataFixture>
{
    private const string Prod = "prod";

    [Fact]
    public void AllTenantP95_EachHour_LiesBetweenTenantsAndIsNotTheirMean()
    {
        var checkedHours = 0;
        var differsFromMean = 0;
        foreach (var path in DemoCatalog.Paths)
        {
            var all = PathSeries(Metrics.LatencyP95, Resolution.Hour, path);
            var tenants = TenantSeries(Metrics.LatencyP95, Resolution.Hour, path).Select(ByTime).ToList();
            foreach (var point in all)
            {
                var values = tenants.Where(t => t.ContainsKey(point.Timestamp)).Select(t => t[point.Timestamp]).ToList();
                Assert.InRange(point.Value, values.Min() - 0.011, values.Max() + 0.011);
                checkedHours++;
                if (Math.Abs(point.Value - values.Average()) > 0.02 * values.Average())
                    differsFromMean++;
            }
        }
        Assert.True(checkedHours > 10_000);
        Assert.True(differsFromMean > checkedHours / 2, $"{differsFromMean} of {checkedHours} hours differ from the mean of tenant p95s by more than 2%");
    }

    [Fact]
    public void AllTenantPercentiles_EachHour_AreQuantilesOfTheCountWeightedMixture()
    {
        var checkedPoints = 0;
        var paths = DemoCatalog.Paths.Count(p => p.UsedFrom == DemoTenantSize.Small);
        Assert.True(paths >= 1, "no path is used by small tenants: the mixture would go unchecked");
        foreach (var path in DemoCatalog.Paths.Where(p => p.UsedFrom == DemoTenantSize.Small))
        {
            var p50 = TenantSeries(Metrics.LatencyP50, Resolution.Hour, path).ToList();
            var p95 = TenantSeries(Metrics.LatencyP95, Resolution.Hour, path).ToList();
            var requests = TenantSeries(Metrics.Requests, Resolution.Hour, path).ToList();
            foreach (var (metric, q) in new[] { (Metrics.LatencyP50, 0.50), (Metrics.LatencyP95, 0.95), (Metrics.LatencyP99, 0.99) })
            {
                foreach (var point in PathSeries(metric, Resolution.Hour, path).Where((_, i) => i % 37 == 0))
                {
                    // Rebuild each tenant's log-normal from its stored p50 and p95, then evaluate the pooled CDF.
                    double weight = 0, cdf = 0;
                    for (var t = 0; t < p50.Count; t++)
                    {
                        var count = ByTime(requests[t]).GetValueOrDefault(point.Timestamp);
                        if (count <= 0)
                            continue;
                        var median = ByTime(p50[t])[point.Timestamp];
                        var sigma = Math.Log(ByTime(p95[t])[point.Timestamp] / median) / 1.6448536269514722;
                        cdf += count * NormalCdf(Math.Log(point.Value / median) / sigma);
                        weight += count;
                    }
                    Assert.True(weight > 0, $"{path.Template} {point.Timestamp:O}: no tenant had requests");
                    Assert.InRange(cdf / weight, q - 0.002, q + 0.002);
                    checkedPoints++;
                }
            }
        }
        // One point in 37 of 35 days of hours, three percentiles, on each such path.
        Assert.True(checkedPoints >= paths * 3 * 20, $"only {checkedPoints} hourly percentiles were checked");
    }

    [Fact]
    public void Rollups_DayAndWeek_AlignedToTokyoMidnightAndMonday()
    {
        var days = data.Find(Metrics.LatencyP95, Resolution.Day, k => true).SelectMany(s => s.Points).ToList();
        var weeks = data.Find(Metrics.LatencyP95, Resolution.Week, k => true).SelectMany(s => s.Points).ToList();

        Assert.NotEmpty(days);
        Assert.NotEmpty(weeks);
        Assert.All(days, p => Assert.Equal(TimeSpan.Zero, DemoSetup.Tokyo.ToLocal(p.Timestamp).TimeOfDay));
        Assert.All(days, p => Assert.Equal(15, p.Timestamp.UtcDateTime.Hour));
        Assert.All(weeks, p => Assert.Equal(TimeSpan.Zero, DemoSetup.Tokyo.ToLocal(p.Timestamp).TimeOfDay));
        Assert.All(weeks, p => Assert.Equal(DayOfWeek.Monday, DemoSetup.Tokyo.ToLocal(p.Timestamp).DayOfWeek));
    }

    [Fact]
    public void Rollups_Day_SumsCountsAndTakesPercentilesOfTheWholeDay()
    {
        var path = DemoCatalog.Paths.Single(p => p.Template == "/api/reports");
        var hourlyRequests = PathSeries(Metrics.Requests, Resolution.Hour, path);
        var hourlyP95 = PathSeries(Metrics.LatencyP95, Resolution.Hour, path);
        var dailyRequests = PathSeries(Metrics.Requests, Resolution.Day, path);
        var dailyP95 = ByTime(PathSeries(Metrics.LatencyP95, Resolution.Day, path));
        var differsFromMean = 0;
        var daysChecked = 0;

        foreach (var day in dailyRequests)
        {
            var window = DemoSetup.Tokyo.DayOf(day.Timestamp);
            // The first day starts before the collected window: the rollup covers the whole day all the same.
            if (window.Start < data.Window.Start)
                continue;
            var hours = hourlyRequests.Where(p => window.Contains(p.Timestamp)).ToList();
            Assert.Equal(hours.Sum(p => p.Value), day.Value);
            var p95s = hourlyP95.Where(p => window.Contains(p.Timestamp)).Select(p => p.Value).ToList();
            Assert.InRange(dailyP95[day.Timestamp], p95s.Min(), p95s.Max());
            daysChecked++;
            if (Math.Abs(dailyP95[day.Timestamp] - p95s.Average()) > 0.02 * p95s.Average())
                differsFromMean++;
        }
        Assert.True(daysChecked >= 34);
        Assert.True(differsFromMean > daysChecked / 2, $"{differsFromMean} of {daysChecked} days differ from the mean of their hourly p95s");

        // "Today so far": the last day covers the hours collected up to the end of the window.
        var today = DemoSetup.Tokyo.DayOf(data.Window.End.AddHours(-1));
        var soFar = hourlyRequests.Where(p => p.Timestamp >= today.Start).Sum(p => p.Value);
        Assert.Equal(soFar, dailyRequests.Single(p => p.Timestamp == today.Start).Value);
    }

    [Fact]
    public void Rollups_Week_LiesBetweenItsDays()
    {
        var path = DemoCatalog.Paths.Single(p => p.Template == "/dashboard");
        var days = PathSeries(Metrics.LatencyP95, Resolution.Day, path);
        var weeksChecked = 0;
        foreach (var week in PathSeries(Metrics.LatencyP95, Resolution.Week, path))
        {
            var window = DemoSetup.Tokyo.WeekOf(week.Timestamp);
            if (window.Start < data.Window.Start)
                continue;
            var inside = days.Where(d => window.Contains(d.Timestamp)).Select(d => d.Value).ToList();
            Assert.InRange(week.Value, inside.Min(), inside.Max());
            weeksChecked++;
        }
        // 35 days hold at least four whole weeks after the first partial one.
        Assert.True(weeksChecked >= 4, $"only {weeksChecked} weeks were checked");
    }

    [Fact]
    public async Task Rollups_ZoneWithDaylightSaving_FollowLocalDaysOf23And25Hours()
    {
        await using var temp = await TempStore.CreateAsync();
        var options = DemoSetup.Options();
        options.TimeZone = "Europe/Berlin";
        var source = DemoSetup.Source(temp.Store, new ManualTimeProvider(DemoSetup.Now), options);
        var stream = source.GetStreams("staging").Single(s => s.Name == DemoSource.LatencyStream);
        var berlin = new OpsReport.Core.Time.ZoneCalendar("Europe/Berlin");
        var window = new TimeWindow(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 28, 0, 0, 0, TimeSpan.Zero));

        var batch = await source.CollectAsync(stream, window, CancellationToken.None);

        var dayKey = batch.Series.First(s => s.Key.Metric == Metrics.Requests && s.Key.Resolution == Resolution.Day && s.Key[Dims.Tenant] is null);
        var hourly = batch.Series.Single(s => s.Key.Equals(dayKey.Key.WithResolution(Resolution.Hour))).Points;
        Assert.All(dayKey.Points, p => Assert.Equal(TimeSpan.Zero, berlin.ToLocal(p.Timestamp).TimeOfDay));
        var longDay = berlin.Day(new DateOnly(2026, 10, 25));
        Assert.Equal(TimeSpan.FromHours(25), longDay.Duration);
        Assert.Equal(hourly.Where(p => longDay.Contains(p.Timestamp)).Sum(p => p.Value), dayKey.Points.Single(p => p.Timestamp == longDay.Start).Value);
    }

    [Fact]
    public void Cardinality_PathsAndTenants_AreBounded()
    {
        var pairs = data.Find(Metrics.Requests, Resolution.Hour, k => k[Dims.Tenant] is not null).GroupBy(s => s.Key[Dims.Env]).ToDictionary(g => g.Key!, g => g.Count());
        Assert.InRange(pairs[Prod], 100, 200);
        Assert.All(pairs.Values, count => Assert.True(count <= 200));
        Assert.Equal(30, data.Find(Metrics.Requests, Resolution.Hour, k => k[Dims.Env] == Prod && k[Dims.Tenant] is not null).Select(s => s.Key[Dims.Tenant]).Distinct().Count());
    }

    private IReadOnlyList<Point> PathSeries(string metric, Resolution resolution, DemoPath path) =>
        data.Points(metric, resolution, (Dims.Env, Prod), (Dims.Service, path.Service), (Dims.Path, path.Template));

    // Ordered by tenant id so that series of different metrics line up.
    private IEnumerable<IReadOnlyList<Point>> TenantSeries(string metric, Resolution resolution, DemoPath path) =>
        data.Find(metric, resolution, k => k[Dims.Env] == Prod && k[Dims.Path] == path.Template && k[Dims.Tenant] is not null)
            .OrderBy(s => s.Key[Dims.Tenant], StringComparer.Ordinal)
            .Select(s => s.Points);

    private static Dictionary<DateTimeOffset, double> ByTime(IEnumerable<Point> points) => points.ToDictionary(p => p.Timestamp, p => p.Value);

    // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): independent of the generator's own CDF.
    private static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        var erf = 1 - (poly * Math.Exp(-x * x));
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
