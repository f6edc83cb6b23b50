using System.Globalization;
using OpsReport.Collectors.Runner;
using OpsReport.Core.Analysis;
using OpsReport.Core.Storage;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli.Bench;

/// <summary>
/// <c>bench analyze</c>: the time one analysis pass takes over a 35-day demo store of 12 environments (the first pass
/// opens every finding; later passes update them), so the cost of the detectors is known as environments grow.
/// </summary>
internal static class AnalyzeBench
{
    /// <summary>Four production-like, four staging-like and four demo-like environments (the demo picks roles from the names).</summary>
    public static readonly IReadOnlyList<string> Environments =
        ["prod", "prod-eu", "prod-us", "prod-ap", "staging", "staging-eu", "staging-us", "staging-ap", "demo", "demo-eu", "demo-us", "demo-ap"];

    public static async Task RunAsync(CliSettings settings, int days, int passes, CancellationToken ct)
    {
        using var store = BenchStore.CreateFresh(settings, Environments, days);
        await store.Services.GetRequiredService<IMetricStore>().InitializeAsync(ct);
        var clock = CpuClock.Start();
        var collected = await store.Services.GetRequiredService<CollectionRunner>().RunOnceAsync(new CollectionRequest(), null, ct);
        var (collectWall, _) = clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench analyze: {Environments.Count} environments, {days} days, {collected.PointsWritten} points in {collected.SeriesTouched} series (backfilled in {collectWall.TotalSeconds:0.0} s); {passes} analysis passes:"));

        var runner = store.Services.GetRequiredService<AnalysisRunner>();
        var table = new BenchTable("wall ms", "CPU ms", "findings", "opened", "pass");
        var later = new List<double>();
        for (var i = 0; i < passes; i++)
        {
            clock = CpuClock.Start();
            var summary = await runner.RunAsync(null, ct);
            var (wall, cpu) = clock.Stop();
            if (i > 0)
                later.Add(wall.TotalMilliseconds);
            table.Add(wall.TotalMilliseconds, cpu.TotalMilliseconds, summary.Findings.Count, summary.Opened, i == 0 ? "first (opens the findings)" : $"again ({i + 1})");
        }
        table.WriteTo(Console.Out);
        if (later.Count > 0)
        {
            later.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench analyze: median of the later passes {later[(later.Count - 1) / 2]:0} ms for {Environments.Count} environments"));
        }
    }
}
