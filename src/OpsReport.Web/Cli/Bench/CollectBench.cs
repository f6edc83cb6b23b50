using System.Globalization;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli.Bench;

/// <summary>
/// <c>bench collect</c>: the demo backfill into a fresh SQLite store, whole (the collection runner, as <c>collect</c> runs
/// it) and in its two halves — generating the points only, and committing already generated points only — so a change
/// can be aimed at the half that costs.
/// </summary>
internal static class CollectBench
{
    /// <summary>The demo's default environments, named so a user's --config with real sources cannot turn the bench into AWS calls.</summary>
    public static readonly IReadOnlyList<string> DemoEnvironments = ["prod", "staging", "demo"];

    public static async Task RunAsync(CliSettings settings, int days, CancellationToken ct)
    {
        var table = new BenchTable("points", "wall s", "CPU s", "points/s", "phase");

        // 1. Generation only: every chunk of every demo stream, as the runner would ask for it.
        List<SourceBatch> batches;
        using (var store = BenchStore.CreateFresh(settings, DemoEnvironments, days))
        {
            var clock = CpuClock.Start();
            batches = await GenerateAsync(store.Services, ct);
            var (wall, cpu) = clock.Stop();
            var points = batches.Sum(b => b.PointCount);
            table.Add(points, wall.TotalSeconds, cpu.TotalSeconds, points / wall.TotalSeconds, "generate the demo (no store)");

            // 2. Store only: the same batches committed into the fresh store, one transaction per chunk.
            var metrics = store.Services.GetRequiredService<IMetricStore>();
            await metrics.InitializeAsync(ct);
            clock = CpuClock.Start();
            long written = 0;
            foreach (var batch in batches)
                written += await metrics.CommitAsync(batch.Series, null, ct);
            (wall, cpu) = clock.Stop();
            table.Add(written, wall.TotalSeconds, cpu.TotalSeconds, written / wall.TotalSeconds, "commit generated points (store only)");
        }
        batches.Clear();

        // 3. Whole: `collect` into another fresh store (generation of the next chunk overlaps the commit of this one).
        using (var store = BenchStore.CreateFresh(settings, DemoEnvironments, days))
        {
            var metrics = store.Services.GetRequiredService<IMetricStore>();
            await metrics.InitializeAsync(ct);
            var clock = CpuClock.Start();
            var summary = await store.Services.GetRequiredService<CollectionRunner>().RunOnceAsync(new CollectionRequest(), null, ct);
            var (wall, cpu) = clock.Stop();
            if (summary.Failures.Count > 0)
                throw new InvalidOperationException($"the demo backfill failed: {string.Join("; ", summary.Failures)}");
            table.Add(summary.PointsWritten, wall.TotalSeconds, cpu.TotalSeconds, summary.PointsWritten / wall.TotalSeconds, $"collect: {days}-day demo backfill, fresh store");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench collect: {summary.SeriesTouched} series in {summary.Streams} streams, {days} days, SQLite; CPU s is this process's CPU time (2 cores can give up to 2 CPU s per wall s)"));
        }
        table.WriteTo(Console.Out);
    }

    private static async Task<List<SourceBatch>> GenerateAsync(IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpsReportOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var environments = services.GetRequiredService<EnvironmentCatalog>();
        var batches = new List<SourceBatch>();
        foreach (var source in new ISource[] { services.GetRequiredService<DemoSource>() })
        {
            foreach (var env in environments.All)
            {
                foreach (var stream in source.GetStreams(env.Name))
                {
                    var step = stream.Step > TimeSpan.Zero ? stream.Step : TimeSpan.FromHours(1);
                    var now = time.GetUtcNow();
                    var end = Floor(now - stream.Settle, step);
                    var start = Floor(now - TimeSpan.FromDays(options.Collection.BackfillDays), step);
                    if (start >= end)
                        continue;
                    foreach (var chunk in new TimeWindow(start, end).Chunk(stream.MaxWindow >= step ? stream.MaxWindow : step))
                        batches.Add(await source.CollectAsync(stream, chunk, ct));
                }
            }
        }
        return batches;
    }

    private static DateTimeOffset Floor(DateTimeOffset t, TimeSpan step) =>
        DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds() / (long)step.TotalSeconds * (long)step.TotalSeconds);
}
