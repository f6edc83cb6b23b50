using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Collectors.Runner;

/// <summary>Runs a collection pass at start and then every <see cref="CollectionOptions.Interval"/>; logs and survives any failure.</summary>
public sealed partial class CollectionBackgroundService : BackgroundService
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(5);

    private readonly Func<CancellationToken, Task<CollectionSummary>> _runOnce;
    private readonly CollectionOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CollectionBackgroundService> _logger;

    public CollectionBackgroundService(CollectionRunner runner, IOptions<OpsReportOptions> options, TimeProvider timeProvider, ILogger<CollectionBackgroundService> logger)
        : this(ct => runner.RunOnceAsync(new CollectionRequest(), null, ct), options, timeProvider, logger)
    {
    }

    internal CollectionBackgroundService(Func<CancellationToken, Task<CollectionSummary>> runOnce, IOptions<OpsReportOptions> options, TimeProvider timeProvider, ILogger<CollectionBackgroundService> logger)
    {
        _runOnce = runOnce;
        _options = options.Value.Collection;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            LogDisabled();
            return;
        }
        var interval = _options.Interval > TimeSpan.Zero ? _options.Interval : DefaultInterval;
        // The first pass may backfill weeks of data; host start-up must not wait for it.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var summary = await _runOnce(stoppingToken);
                if (summary.Failures.Count > 0)
                    LogPassWithFailures(summary.ToString(), string.Join(" | ", summary.Failures));
                else
                    LogPass(summary.ToString());
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(interval, e);
            }

            try
            {
                await Task.Delay(interval, _timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Background collection is disabled (OpsReport:Collection:Enabled = false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection pass: {Summary}")]
    private partial void LogPass(string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collection pass: {Summary}; failed: {Failures}")]
    private partial void LogPassWithFailures(string summary, string failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "Collection pass failed; next attempt in {Interval}")]
    private partial void LogPassFailed(TimeSpan interval, Exception exception);
}
