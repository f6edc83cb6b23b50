namespace OpsReport.Collectors.Sources.Demo;

/// <summary>What every generator of one demo environment shares: its role, traffic level, demand curve and deploys.</summary>
internal sealed class DemoEnvironment
{
    private readonly ulong _demandStream;
    private readonly DateTimeOffset[] _extraDeploys;

    public DemoEnvironment(string name, int seed, DemoIncidents incidents)
    {
        Name = name;
        Seed = seed;
        Incidents = incidents;
        Role = DemoCatalog.RoleOf(name);
        Account = DemoCatalog.AccountId(name);
        TrafficScale = Role switch
        {
            DemoEnvironmentRole.Production => 1.0,
            DemoEnvironmentRole.Staging => 0.08,
            _ => 0.05,
        };
        _demandStream = DemoRandom.Stream(seed, "demand|" + name);
        // The incidents' deploys happen whatever the weekday (a hotfix on a weekend is still a deploy).
        _extraDeploys = Role == DemoEnvironmentRole.Production ? [incidents.MemoryLeakStart, incidents.SlowTenantStart] : [];
    }

    public string Name { get; }

    public int Seed { get; }

    public DemoIncidents Incidents { get; }

    public DemoEnvironmentRole Role { get; }

    public string Account { get; }

    public double TrafficScale { get; }

    /// <summary>The incidents' own deploys (production only), on top of the weekday ones.</summary>
    public IReadOnlyList<DateTimeOffset> IncidentDeploys => _extraDeploys;

    /// <summary>Load relative to a weekday peak (about 0.04–1.35) in the hour starting at the given hour index.</summary>
    public double Demand(long hour)
    {
        var local = TokyoClock.ToLocal(TokyoClock.FromHourIndex(hour));
        var dayNumber = DateOnly.FromDateTime(local).DayNumber;
        // Some days are simply busier than others; noise is per local day so the day keeps its shape.
        var dayNoise = Math.Exp(0.05 * DemoRandom.Normal(_demandStream, dayNumber, 0));
        return DemoSeasonality.Load(local) * dayNoise;
    }

    /// <summary>The last deploy (weekdays 11:00 Asia/Tokyo, plus the incidents' deploys) at or before the instant.</summary>
    public DateTimeOffset LastDeploy(DateTimeOffset instant)
    {
        var best = DateTimeOffset.MinValue;
        var date = TokyoClock.DateOf(instant);
        for (var i = 0; i < 8; i++)
        {
            var day = date.AddDays(-i);
            if (!TokyoClock.IsWeekday(day))
                continue;
            var deploy = TokyoClock.At(day, 11);
            if (deploy <= instant)
            {
                best = deploy;
                break;
            }
        }
        foreach (var extra in _extraDeploys)
        {
            if (extra <= instant && extra > best)
                best = extra;
        }
        return best;
    }
}
