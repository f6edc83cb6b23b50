using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Runs the analysis after collection has committed new data: it watches the watermarks and analyzes once they moved
/// and then stayed still for one poll (a backfill in progress is not analyzed half-way). Logs and survives failures.
/// </summary>
public sealed partial class AnalysisBackgroundService(
    AnalysisRunner runner,
    IMetricStore store,
    IOptions<OpsReportOptions> options,
    TimeProvider timeProvider,
    ILogger<AnalysisBackgroundService> logger) : BackgroundService
{
    /// <summary>How often the watermarks are looked at.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Analysis.Enabled || !o.Collection.Enabled)
        {
            LogDisabled();
            return;
        }
        await Task.Yield();
        string? analyzed = null;
        string? previous = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var marks = Fingerprint(await store.GetWatermarksAsync(stoppingToken));
                if (marks.Length > 0 && marks == previous && marks != analyzed)
                {
                    await runner.RunAsync(null, stoppingToken);
                    analyzed = marks;
                }
                previous = marks;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(e);
            }
            try
            {
                await Task.Delay(Poll, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Fingerprint(IReadOnlyDictionary<StreamId, DateTimeOffset> marks) =>
        string.Join("|", marks.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Background analysis is off (OpsReport:Analysis:Enabled or OpsReport:Collection:Enabled is false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "Analysis failed; it is tried again after the next collection")]
    private partial void LogFailed(Exception exception);
}
