using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>Log events and bytes per log group and level; in staging, DEBUG logging is left on in the billing-sync Lambda.</summary>
internal sealed class DemoLogs
{
    public static readonly string[] Levels = ["DEBUG", "INFO", "WARN", "ERROR"];

    // Share of events per level in normal operation and the average event size in bytes (stack traces make ERROR big).
    private static readonly double[] LevelShare = [0.004, 0.83, 0.13, 0.036];
    private static readonly double[] LevelNoise = [0.2, 0.05, 0.15, 0.25];
    private static readonly double[] EventBytes = [850, 310, 360, 1400];

    // DEBUG events per normal event once DEBUG is switched on: a chatty sync loop logging every record it touches.
    private const double DebugMultiplier = 45;

    private readonly DemoEnvironment _env;
    private readonly Group[] _groups;

    public DemoLogs(DemoEnvironment env)
    {
        _env = env;
        _groups = DemoCatalog.LogGroupsOf(env.Name).Select(name => CreateGroup(env, name)).ToArray();
    }

    public SourceBatch Collect(long firstHour, long endHour)
    {
        var builder = new SeriesBatchBuilder();
        var levelCounts = new double[Levels.Length];
        var hours = (int)(endHour - firstHour);
        foreach (var group in _groups)
        {
            var baseKey = new SeriesKey(Metrics.LogEvents, Resolution.Hour, (Dims.Env, _env.Name), (Dims.LogGroup, group.Name));
            var events = builder.Register(baseKey, hours);
            var bytes = builder.Register(baseKey.WithMetric(Metrics.LogBytes), hours);
            var byLevel = Levels.Select(level => builder.Register(baseKey.With(Dims.Level, level), hours)).ToArray();
            for (var hour = firstHour; hour < endHour; hour++)
            {
                var t = TokyoClock.FromHourIndex(hour);
                var total = Hour(group, hour, levelCounts);
                builder.Add(events, t, levelCounts.Sum());
                builder.Add(bytes, t, total);
                for (var l = 0; l < Levels.Length; l++)
                    builder.Add(byLevel[l], t, levelCounts[l]);
            }
        }
        return new SourceBatch(builder.Build(), ApiUsage.None, []);
    }

    /// <summary>Bytes ingested by all log groups of the environment in [firstHour, endHour); cost follows these.</summary>
    public double TotalBytes(long firstHour, long endHour)
    {
        var levelCounts = new double[Levels.Length];
        var sum = 0.0;
        foreach (var group in _groups)
        {
            for (var hour = firstHour; hour < endHour; hour++)
                sum += Hour(group, hour, levelCounts);
        }
        return sum;
    }

    // Fills events per level for the hour and returns the bytes ingested.
    private double Hour(Group group, long hour, double[] levelCounts)
    {
        var s = group.Stream;
        var load = (1 - group.LoadShare) + (group.LoadShare * _env.Demand(hour));
        var total = group.EventsAtPeak * load * Math.Exp(0.08 * DemoRandom.Normal(s, hour, 0));
        var bytes = 0.0;
        for (var l = 0; l < Levels.Length; l++)
        {
            levelCounts[l] = Math.Round(total * LevelShare[l] * Math.Exp(LevelNoise[l] * DemoRandom.Normal(s, hour, 1 + l)));
            if (l == 0 && group.DebugFrom is { } from && TokyoClock.FromHourIndex(hour) >= from)
                levelCounts[l] += Math.Round(total * DebugMultiplier * Math.Exp(0.1 * DemoRandom.Normal(s, hour, 5)));
            bytes += levelCounts[l] * EventBytes[l];
        }
        return Math.Round(bytes * Math.Exp(0.03 * DemoRandom.Normal(s, hour, 6)));
    }

    private static Group CreateGroup(DemoEnvironment env, string name)
    {
        var billingSync = name == DemoCatalog.BillingSyncLogGroup(env.Name);
        // ECS services log per request, so they follow traffic; the billing sync runs on a schedule whatever the load.
        var eventsAtPeak = name switch
        {
            _ when billingSync => 6000.0,
            "/ecs/api" => 400_000 * env.TrafficScale,
            "/ecs/web" => 120_000 * env.TrafficScale,
            "/ecs/search" => 60_000 * env.TrafficScale,
            _ => 25_000 * env.TrafficScale,
        };
        DateTimeOffset? debugFrom = billingSync && env.Role == DemoEnvironmentRole.Staging ? env.Incidents.DebugLoggingStart : null;
        return new Group(name, eventsAtPeak, billingSync ? 0.2 : 0.9, DemoRandom.Stream(env.Seed, $"logs|{env.Name}|{name}"), debugFrom);
    }

    private sealed record Group(string Name, double EventsAtPeak, double LoadShare, ulong Stream, DateTimeOffset? DebugFrom);
}
