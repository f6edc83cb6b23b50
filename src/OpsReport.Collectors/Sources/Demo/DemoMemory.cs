using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>Memory utilization per service: flat with noise and load, restarted at each deploy; in prod, api leaks.</summary>
internal sealed class DemoMemory(DemoEnvironment env)
{
    // Percent per hour since the last restart: healthy services barely move, the leaking one climbs ~8 points a day.
    private const double HealthyGrowth = 0.008;
    private const double LeakGrowth = 0.35;

    private static readonly Dictionary<string, double> BaseUtilization = new(StringComparer.Ordinal)
    {
        [DemoCatalog.ServiceApi] = 38,
        [DemoCatalog.ServiceWeb] = 31,
        [DemoCatalog.ServiceExportWorker] = 44,
        [DemoCatalog.ServiceSearch] = 52,
        [DemoCatalog.ServiceBillingSync] = 27,
    };

    public SourceBatch Collect(long firstHour, long endHour)
    {
        var builder = new SeriesBatchBuilder();
        foreach (var service in DemoCatalog.Services)
        {
            var series = builder.Register(new SeriesKey(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, env.Name), (Dims.Service, service)), (int)(endHour - firstHour));
            var stream = DemoRandom.Stream(env.Seed, $"memory|{env.Name}|{service}");
            var leaks = env.Role == DemoEnvironmentRole.Production && service == DemoCatalog.LeakingService;
            // A Lambda function starts fresh on every cold start: no deploy sawtooth, no growth.
            var growth = service == DemoCatalog.ServiceBillingSync ? 0 : HealthyGrowth;
            for (var hour = firstHour; hour < endHour; hour++)
            {
                var t = TokyoClock.FromHourIndex(hour);
                var rate = growth;
                var since = env.LastDeploy(t);
                if (leaks && t >= env.Incidents.MemoryLeakStart)
                {
                    rate = LeakGrowth;
                    if (since < env.Incidents.MemoryLeakStart)
                        since = env.Incidents.MemoryLeakStart;
                }
                var hoursUp = since == DateTimeOffset.MinValue ? 0 : (t - since).TotalHours;
                var value = BaseUtilization[service] + (2.5 * env.Demand(hour)) + (rate * hoursUp) + (0.8 * DemoRandom.Normal(stream, hour, 0));
                builder.Add(series, t, Math.Round(Math.Clamp(value, 1, 100), 2));
            }
        }
        return new SourceBatch(builder.Build(), ApiUsage.None, []);
    }
}
