using System.Globalization;
using OpsReport.Collectors.Tests.Aws.Support;

namespace OpsReport.Collectors.Tests.Analysis;

/// <summary>
/// Request logs of a small B2B product, one record per request, written without any knowledge of the detectors: each
/// tenant sends a number of requests an hour to a path with log-normal durations, and a planted slowdown multiplies one
/// tenant's durations on one path from a given hour. <see cref="Rows"/> answers Logs Insights queries over them the way
/// Insights does: count and percentiles by path (tenant) (hour).
/// </summary>
internal sealed class RequestLogGenerator
{
    private readonly List<Request> _requests = [];
    private readonly Dictionary<long, List<Request>> _byHour = [];

    public sealed record Request(DateTimeOffset Time, string Path, string Tenant, double DurationMs);

    public IReadOnlyList<Request> Requests => _requests;

    /// <summary>
    /// Requests of one tenant on one route (raw paths carry a random numeric id) from <paramref name="from"/> to
    /// <paramref name="to"/>, between <paramref name="minPerHour"/> and <paramref name="maxPerHour"/> an hour, median
    /// <paramref name="medianMs"/> with log-sd <paramref name="logSd"/>, times <paramref name="slowFactor"/> from <paramref name="slowFrom"/>.
    /// </summary>
    public void Add(Random random, string tenant, string pathFormat, DateTimeOffset from, DateTimeOffset to, int minPerHour, int maxPerHour,
        double medianMs, double logSd, DateTimeOffset? slowFrom = null, double slowFactor = 1)
    {
        for (var hour = from; hour < to; hour = hour.AddHours(1))
        {
            var n = random.Next(minPerHour, maxPerHour + 1);
            for (var k = 0; k < n; k++)
                AddOne(random, tenant, pathFormat, hour.AddSeconds(random.Next(3600)), medianMs, logSd, slowFrom, slowFactor);
        }
    }

    /// <summary>Exactly <paramref name="count"/> requests at random times in the window.</summary>
    public void AddScattered(Random random, string tenant, string pathFormat, DateTimeOffset from, DateTimeOffset to, int count, double medianMs, double logSd)
    {
        var seconds = (int)(to - from).TotalSeconds;
        for (var k = 0; k < count; k++)
            AddOne(random, tenant, pathFormat, from.AddSeconds(random.Next(seconds)), medianMs, logSd, null, 1);
    }

    private void AddOne(Random random, string tenant, string pathFormat, DateTimeOffset time, double medianMs, double logSd, DateTimeOffset? slowFrom, double slowFactor)
    {
        // Box–Muller: a standard normal from two uniforms.
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var ms = medianMs * Math.Exp(logSd * z) * (time >= slowFrom ? slowFactor : 1);
        var path = string.Format(CultureInfo.InvariantCulture, pathFormat, random.Next(1000, 1003));
        var request = new Request(time, path, tenant, ms);
        _requests.Add(request);
        var hour = time.ToUnixTimeSeconds() / 3600;
        if (!_byHour.TryGetValue(hour, out var list))
            _byHour[hour] = list = [];
        list.Add(request);
    }

    /// <summary>What Insights returns for one of the source's latency queries over [start, end] (epoch seconds, end inclusive).</summary>
    public IReadOnlyList<Dictionary<string, string>> Rows(string query, long start, long end)
    {
        var hourly = query.Contains("bin(1h)", StringComparison.Ordinal);
        var byTenant = query.Contains("tenant", StringComparison.Ordinal);
        var inWindow = new List<Request>();
        for (var h = start / 3600; h <= end / 3600; h++)
        {
            if (_byHour.TryGetValue(h, out var list))
                inWindow.AddRange(list.Where(r => r.Time.ToUnixTimeSeconds() >= start && r.Time.ToUnixTimeSeconds() <= end));
        }
        return inWindow
            .GroupBy(r => (r.Path, Tenant: byTenant ? r.Tenant : null, Hour: hourly ? r.Time.ToUnixTimeSeconds() / 3600 * 3600 : 0))
            .Select(g =>
            {
                var sorted = g.Select(r => r.DurationMs).Order().ToList();
                var row = new Dictionary<string, string>
                {
                    ["path"] = g.Key.Path,
                    ["requests"] = sorted.Count.ToString(CultureInfo.InvariantCulture),
                    ["errors"] = "0",
                    ["p50"] = Percentile(sorted, 50).ToString("0.###", CultureInfo.InvariantCulture),
                    ["p95"] = Percentile(sorted, 95).ToString("0.###", CultureInfo.InvariantCulture),
                    ["p99"] = Percentile(sorted, 99).ToString("0.###", CultureInfo.InvariantCulture),
                };
                if (g.Key.Tenant is not null)
                    row["tenant"] = g.Key.Tenant;
                if (hourly)
                    row["bin(1h)"] = FakeInsights.Bin(g.Key.Hour);
                return row;
            })
            .ToList();
    }

    // Nearest rank, as a percentile of a handful of values is read: the value at or above that share of them.
    private static double Percentile(List<double> sorted, int p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
