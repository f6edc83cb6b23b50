using System.Diagnostics;
using System.Threading.Channels;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Text;
using OpsReport.Web.Pages;
using OpsReport.Web.Pages.Views;

namespace OpsReport.Web.Hosting;

/// <summary>
/// Computes the numbers of the views visitors open first — the overview over 24 h, 7 and 30 days (in each language, its
/// panels carry words), the incident view's last 24 h and 7 days and of the worst open findings (the overview links to
/// them), the KPI tiles, "since yesterday" and the SLO lines — for
/// every environment, production first, into <see cref="ViewDataCache"/> as soon as a collection or an analysis changed the
/// data, and again when the hour turns (the views' windows end at the last complete hour). So the first visitor after a
/// collection is answered from the cache instead of computing from the store. Low priority: one view at a time, each only
/// once no heavy request is being answered, a pass restarts when the data changes again, and it stops with the host.
/// <see cref="CollectThenAnalyzeService"/> signals it, so it works only in <c>serve</c> with collection on: never in a CLI
/// command, never in <c>bench</c> (which measures computing from the store, and the warm-up separately).
/// </summary>
internal sealed partial class ViewWarmer(
    DataVersion version,
    IMetricStore store,
    EnvironmentCatalog environments,
    OverviewService overview,
    IncidentView incident,
    CachedStandup standup,
    IdleMemoryCompactor activity,
    TimeProvider clock,
    ILogger<ViewWarmer> logger) : BackgroundService
{
    /// <summary>Overview ranges warmed (the range selector's three).</summary>
    private static readonly OverviewRange[] Ranges = [OverviewRange.Day, OverviewRange.Week, OverviewRange.Month];

    /// <summary>Incident windows warmed: the default view (<c>/incident</c> is the last 24 h) and the week.</summary>
    private static readonly string[] IncidentPicks = ["24h", "7d"];

    /// <summary>Open findings per environment whose incident view is warmed, the most severe first.</summary>
    public const int Findings = 5;

    /// <summary>Entries one environment's warm-up adds to <see cref="ViewDataCache"/> (overviews per language, incidents, findings, KPIs, changes, SLOs).</summary>
    public static readonly int ViewsPerEnvironment = Ranges.Length * TextCatalog.Languages.Count + IncidentPicks.Length + Findings + 3;

    private static readonly TimeSpan QuietPoll = TimeSpan.FromMilliseconds(50);

    // One pending signal is enough: a pass reads the newest version when it starts.
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private string? _warmed;
    private long _passes;

    /// <summary>The data version the last complete pass computed the views for; null before the first.</summary>
    public string? WarmedVersion => Volatile.Read(ref _warmed);

    /// <summary>Complete passes so far.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>A collection or analysis may have changed the data: warm the views again if it did.</summary>
    public void DataChanged() => _signals.Writer.TryWrite(true);

    /// <summary>Computes one environment's views now, without waiting for quiet (<c>bench pages</c> measures the first visitor after it).</summary>
    public async Task WarmAsync(EnvironmentInfo environment, CancellationToken ct)
    {
        foreach (var view in await ViewsOfAsync(environment, clock.GetUtcNow(), ct))
            await view(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var signalled = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Until the first signal nothing is warmed; after it, the hour turning also starts a pass.
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                if (signalled)
                    wait.CancelAfter(UntilNextHour());
                try
                {
                    await _signals.Reader.ReadAsync(wait.Token);
                    signalled = true;
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The hour turned.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A store away now is a store away for the visitor too: the page says so; the next signal tries again.
                LogFailed(e);
            }
        }
    }

    private async Task PassAsync(CancellationToken ct)
    {
        var target = await version.ViewDataAsync(ct);
        if (target == WarmedVersion)
            return;
        var watch = Stopwatch.StartNew();
        var views = 0;
        foreach (var environment in environments.All.OrderByDescending(e => e.IsProduction))
        {
            // Checked once per environment (on PostgreSQL the version is three queries): changed again, say by the next
            // environment's collection, the pass starts over for the newest data.
            if (await version.ViewDataAsync(ct) != target)
            {
                DataChanged();
                return;
            }
            foreach (var view in await ViewsOfAsync(environment, clock.GetUtcNow(), ct))
            {
                while (activity.InFlight > 0)
                    await Task.Delay(QuietPoll, ct);
                await view(ct);
                views++;
            }
        }
        Volatile.Write(ref _warmed, target);
        Interlocked.Increment(ref _passes);
        LogWarmed(views, watch.ElapsedMilliseconds);
    }

    private async Task<List<Func<CancellationToken, Task>>> ViewsOfAsync(EnvironmentInfo environment, DateTimeOffset now, CancellationToken ct)
    {
        var views = new List<Func<CancellationToken, Task>>();
        foreach (var range in Ranges)
        {
            foreach (var language in TextCatalog.Languages)
                views.Add(c => overview.DashboardAsync(environment, range, language, now, c));
        }
        foreach (var pick in IncidentPicks)
            views.Add(c => incident.DataAsync(environment.Name, IncidentWindow.Last(pick, now), now, c));
        var open = (await store.GetFindingsAsync(environment.Name, FindingState.Open, ct))
            .OrderByDescending(f => f.Severity).ThenByDescending(f => f.Start).Take(Findings);
        foreach (var finding in open)
            views.Add(c => incident.DataAsync(environment.Name, IncidentWindow.ForFinding(finding, now), now, c));
        views.Add(c => standup.KpisAsync(environment.Name, now, c));
        views.Add(c => standup.ChangesAsync(environment.Name, now, c));
        views.Add(c => standup.SlosAsync(environment.Name, now, c));
        return views;
    }

    private TimeSpan UntilNextHour()
    {
        var now = clock.GetUtcNow();
        // A few seconds after the turn, so the new hour's version is the one computed.
        return TimeWindow.FloorToHour(now).AddHours(1) - now + TimeSpan.FromSeconds(5);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warmed {Views} view(s) for the new data in {Milliseconds} ms")]
    private partial void LogWarmed(int views, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming the default views failed; the next collection tries again")]
    private partial void LogFailed(Exception exception);
}
