using Microsoft.Extensions.Options;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Core.Configuration;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Tests.Support;

/// <summary>The demo source as the host builds it, with a fixed clock.</summary>
internal static class DemoSetup
{
    /// <summary>Wednesday 2026-11-18 12:20 Asia/Tokyo; the anchor is 03:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 3, 20, 0, TimeSpan.Zero);

    public static readonly ZoneCalendar Tokyo = new("Asia/Tokyo");

    public static OpsReportOptions Options(int seed = 20261122, int backfillDays = 35) => new()
    {
        TimeZone = "Asia/Tokyo",
        Demo = new DemoOptions { Seed = seed, Environments = ["prod", "staging", "demo"] },
        Collection = new CollectionOptions { BackfillDays = backfillDays, Interval = TimeSpan.FromMinutes(5) },
    };

    public static DemoSource Source(IMetricStore store, TimeProvider time, OpsReportOptions? options = null, IDeployStore? deploys = null)
    {
        options ??= Options();
        return new DemoSource(Microsoft.Extensions.Options.Options.Create(options), store, time, new ZoneCalendar(options.TimeZone), deploys);
    }

    public static IOptions<OpsReportOptions> Wrap(OpsReportOptions options) => Microsoft.Extensions.Options.Options.Create(options);
}
