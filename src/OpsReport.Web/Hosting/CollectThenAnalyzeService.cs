using Microsoft.Extensions.Options;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Storage;

namespace OpsReport.Web.Hosting;

/// <summary>
/// The dashboard's background work: collect one environment, analyze it as soon as its data is committed, then the next
/// (production first), every <c>OpsReport:Collection:Interval</c>. On the first start this puts the production findings on
/// the overview seconds after its backfill instead of after the whole store settled. Logs and survives any failure.
/// </summary>
internal sealed partial class CollectThenAnalyzeService(
    CollectionRunner collector,
    AnalysisRunner analyzer,
    IEnumerable<ISource> sources,
    IMetricStore store,
    EnvironmentCatalog environments,
    IOptions<OpsReportOptions> options,
    StartupProgress progress,
    TimeProvider clock,
    ViewWarmer warmer,
    ILogger<CollectThenAnalyzeService> logger) : BackgroundService
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Collection.Enabled)
        {
            LogDisabled();
            return;
        }
        var analysis = o.Analysis.Enabled;
        var ordered = environments.All.OrderByDescending(e => e.IsProduction).ToList();
        progress.Begin(ordered.Select(e => e.Name), analysis);
        var interval = o.Collection.Interval > TimeSpan.Zero ? o.Collection.Interval : DefaultInterval;
        // The first pass may backfill weeks of data; host start-up must not wait for it.
        await Task.Yield();
        var analyzed = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var env in ordered)
            {
                try
                {
                    await CollectAsync(env, stoppingToken);
                    if (analysis)
                        await AnalyzeIfMovedAsync(env, analyzed, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    LogFailed(env.Name, interval, e);
                }
                progress.Ready(env.Name);
                // The first visitor after this collection is answered from the views computed in the background.
                warmer.DataChanged();
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CollectAsync(EnvironmentInfo env, CancellationToken ct)
    {
        progress.Collecting(env.Name, sources.Sum(s => StreamCount(s, env.Name)));
        var summary = await collector.RunOnceAsync(new CollectionRequest(Environment: env.Name), new Reporter(env.Name, progress), ct);
        if (summary.Failures.Count > 0)
            LogPassWithFailures(env.Name, summary.ToString(), string.Join(" | ", summary.Failures));
        else
            LogPass(env.Name, summary.ToString());
    }

    // Analysis reads the whole lookback window, so it runs only when this environment's collection moved a watermark.
    private async Task AnalyzeIfMovedAsync(EnvironmentInfo env, Dictionary<string, string> analyzed, CancellationToken ct)
    {
        var marks = string.Join("|", (await store.GetWatermarksAsync(ct)).Where(kv => kv.Key.Environment == env.Name)
            .OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value.UtcTicks}"));
        if (marks.Length == 0 || analyzed.GetValueOrDefault(env.Name) == marks)
            return;
        progress.Analyzing(env.Name);
        await analyzer.RunAsync(env.Name, ct);
        analyzed[env.Name] = marks;
    }

    private static int StreamCount(ISource source, string environment)
    {
        try
        {
            return source.GetStreams(environment).Count;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The runner records this source's failure; for the progress it counts as one stream.
            return 1;
        }
    }

    private sealed class Reporter(string environment, StartupProgress progress) : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value)
        {
            progress.Report(environment, value);
            if (!value.Completed)
                CollectionTestHooks.ChunkCommitted();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Background collection is disabled (OpsReport:Collection:Enabled = false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection pass of {Environment}: {Summary}")]
    private partial void LogPass(string environment, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collection pass of {Environment}: {Summary}; failed: {Failures}")]
    private partial void LogPassWithFailures(string environment, string summary, string failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "Collection or analysis of {Environment} failed; next attempt in {Interval}")]
    private partial void LogFailed(string environment, TimeSpan interval, Exception exception);
}
