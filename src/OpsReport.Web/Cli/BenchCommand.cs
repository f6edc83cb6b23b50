using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using OpsReport.Collectors.Runner;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Web.Cli.Bench;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli;

/// <summary>
/// <c>bench [pages|pdf|collect|analyze]</c>: the project's benchmark, each printing a table. <c>pages</c> (the default)
/// starts the dashboard in-process on a loopback port, brings the store up to date (a first run backfills the demo),
/// warms up, then prints the median server time and size of every page over N requests; <c>pdf</c> pairs a whole
/// <c>report render</c> process with Chromium printing a page; <c>collect</c> times the demo backfill into a fresh
/// store; <c>analyze</c> times analysis over 12 environments. A measuring tool, not a test: numbers depend on the machine.
/// </summary>
internal static class BenchCommand
{
    private static readonly Option<string?> Env = new("--env") { Description = "Environment whose pages (or report) are measured (default: the default environment).", Recursive = true };
    private static readonly Option<int> Requests = new("--requests") { Description = "Measured requests per page (default 20).", DefaultValueFactory = _ => 20, Recursive = true };
    private static readonly Option<int> Runs = new("--runs") { Description = "pdf: paired runs (default 3); analyze: analysis passes (default 3).", DefaultValueFactory = _ => 3, Recursive = true };
    private static readonly Option<int> Days = new("--backfill-days") { Description = "collect, analyze: days of demo backfilled into the fresh store (default 35).", DefaultValueFactory = _ => 35, Recursive = true };
    private static readonly Option<string> Report = new("--report") { Description = "pdf: the report definition rendered (default weekly).", DefaultValueFactory = _ => "weekly", Recursive = true };

    private static readonly Option<string?> RenderWith = new("--render-with") { Description = "pdf: the OpsReport executable whose `report render` is measured (default: this one), e.g. a published ReadyToRun build.", Recursive = true };

    private static readonly Option<bool> Load = new("--load") { Description = "Instead: 64 clients on /incident?last=7d for 30 s, then 30 s idle; prints answers, latency and memory." };

    private const int WarmUp = 3;

    public static Command Create()
    {
        var command = new Command("bench", "Measure this machine: page server times (default), PDF vs Chromium, backfill speed, analysis time; each prints a table.");
        command.Options.Add(Env);
        command.Options.Add(Requests);
        command.Options.Add(Runs);
        command.Options.Add(Report);
        command.Options.Add(Days);
        command.Options.Add(RenderWith);
        command.Options.Add(Load);
        command.SetAction((result, ct) => CliRunner.RunAsync(() => PagesOrLoadAsync(result, result.GetValue(Load), ct)));

        var pages = new Command("pages", "Median server time and size of every dashboard page over N requests (what plain `bench` does).");
        pages.SetAction((result, ct) => CliRunner.RunAsync(() => PagesOrLoadAsync(result, load: false, ct)));
        var pdf = new Command("pdf", "report render as a whole process, paired with Chromium --print-to-pdf of a dashboard page: wall time, peak memory, ratios.");
        pdf.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            var runs = CheckedRange(result.GetValue(Runs), "--runs", 1, 50);
            await using var app = await PrepareAsync(result, ct);
            var env = ChosenEnvironment(app.Services, result);
            await PdfBench.RunAsync(app, OpsReportCli.Settings(result), result.GetValue(Report)!, env.Name, runs, result.GetValue(RenderWith), ct);
            await app.StopAsync(ct);
            return CliRunner.Ok;
        }));
        var collect = new Command("collect", "The demo backfill (35 days) into a fresh SQLite store: points per second, whole and by half (generate, store).");
        collect.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            await CollectBench.RunAsync(OpsReportCli.Settings(result), CheckedRange(result.GetValue(Days), "--backfill-days", 1, 400), ct);
            return CliRunner.Ok;
        }));
        var analyze = new Command("analyze", "Analysis time over a fresh demo store (35 days) of 12 environments.");
        analyze.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            await AnalyzeBench.RunAsync(OpsReportCli.Settings(result), CheckedRange(result.GetValue(Days), "--backfill-days", 1, 400), CheckedRange(result.GetValue(Runs), "--runs", 1, 50), ct);
            return CliRunner.Ok;
        }));
        command.Subcommands.Add(pages);
        command.Subcommands.Add(pdf);
        command.Subcommands.Add(collect);
        command.Subcommands.Add(analyze);
        return command;
    }

    private static int CheckedRange(int value, string option, int min, int max) =>
        value >= min && value <= max ? value : throw new ArgumentException($"{option} {value} is out of range; use {min} to {max}.");

    private static EnvironmentInfo ChosenEnvironment(IServiceProvider services, ParseResult result)
    {
        var catalog = services.GetRequiredService<EnvironmentCatalog>();
        return result.GetValue(Env) is { } name
            ? catalog.Find(name) ?? throw new ArgumentException($"Unknown environment '{name}'. Known environments: {string.Join(", ", catalog.All.Select(e => e.Name))}.")
            : catalog.Default;
    }

    /// <summary>The dashboard on a loopback port over an up-to-date, analysed store, started.</summary>
    private static async Task<WebApplication> PrepareAsync(ParseResult result, CancellationToken ct)
    {
        // Background collection and analysis stay off so they do not compete with the measured requests.
        var app = OpsReportHost.BuildWeb(["--OpsReport:Collection:Enabled=false", "--Logging:LogLevel:Default=Warning"],
            OpsReportCli.Settings(result, "http://127.0.0.1:0"));
        var services = app.Services;
        var prepared = Stopwatch.StartNew();
        var collected = await services.GetRequiredService<CollectionRunner>().RunOnceAsync(new CollectionRequest(), null, ct);
        await services.GetRequiredService<AnalysisRunner>().RunAsync(null, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"store ready: {collected.PointsWritten} new points, analysis done ({prepared.Elapsed.TotalSeconds:0.0} s)"));
        await app.StartAsync(ct);
        return app;
    }

    private static async Task<int> PagesOrLoadAsync(ParseResult result, bool load, CancellationToken ct)
    {
        var n = CheckedRange(result.GetValue(Requests), "--requests", 1, 1000);
        await using var app = await PrepareAsync(result, ct);
        var services = app.Services;
        var env = ChosenEnvironment(services, result);
        var baseUrl = app.Urls.First();
        if (load)
        {
            await LoadBench.RunAsync(baseUrl, $"/incident?env={Uri.EscapeDataString(env.Name)}&last=7d", 64, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), ct);
            await app.StopAsync(ct);
            return CliRunner.Ok;
        }
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var timings = services.GetRequiredService<RequestTimings>();
        var dataCache = services.GetRequiredService<ViewDataCache>();
        var warmer = services.GetRequiredService<ViewWarmer>();
        var pages = await PagesAsync(services, env.Name, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench pages: {pages.Count} pages of {env.Name} at {baseUrl}, {WarmUp} warm-up + {n} measured requests each; server time (query + render), ms, the rendered-page cache bypassed;"));
        Console.WriteLine("  median/p90/min/CPU ms: the view's numbers cached for the store's data version (a page's JSON, CSV or other language after the page);");
        Console.WriteLine("  uncached: that cache emptied before each request, numbers computed from the store (a visitor when no warm-up ran); CPU ms: this process's CPU time per measured request (client included), what the load of a shared machine does not inflate;");
        Console.WriteLine("  after coll.: the first request of each page after the cache was emptied and serve's background warm-up (ViewWarmer) ran, as after a collection:");
        var table = new BenchTable("median", "p90", "min", "CPU ms", "uncached", "unc. CPU", "after coll.", "KB", "page");
        var cpuPerRequest = new List<double>();
        var medians = new List<double>();
        var uncachedMedians = new List<double>();
        long heaviest = 0;
        var measured = new List<(PageTimes Cached, PageTimes Uncached)>();
        foreach (var url in pages)
        {
            var cached = await MeasureAsync(http, timings, url, n, before: null, ct);
            var uncached = await MeasureAsync(http, timings, url, n, before: dataCache.Clear, ct);
            cpuPerRequest.Add(cached.CpuMs);
            medians.Add(cached.Median);
            uncachedMedians.Add(uncached.Median);
            heaviest = Math.Max(heaviest, cached.Bytes);
            measured.Add((cached, uncached));
        }
        // A round per measured request: the cache emptied, the warm-up serve runs after a collection, then each page once.
        var afterCollection = pages.Select(_ => new List<double>()).ToList();
        for (var round = 0; round < WarmUp + n; round++)
        {
            dataCache.Clear();
            await warmer.WarmAsync(env, ct);
            for (var i = 0; i < pages.Count; i++)
            {
                var elapsed = await TimeOneAsync(http, timings, pages[i], ct);
                if (round >= WarmUp)
                    afterCollection[i].Add(elapsed.Ms);
            }
        }
        var firstVisitor = afterCollection.Select(t => t.Order().ElementAt((t.Count - 1) / 2)).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var (cached, uncached) = measured[i];
            table.Add(cached.Median, cached.P90, cached.Min, cached.CpuMs, uncached.Median, uncached.CpuMs, firstVisitor[i], Math.Round(cached.Bytes / 1024.0), pages[i]);
        }
        await app.StopAsync(ct);
        table.WriteTo(Console.Out);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench pages: {pages.Count} pages, overview median {medians[0]:0.0} ms, slowest median {medians.Max():0.0} ms ({(medians.Max() < 30 ? "under" : "OVER")} 30 ms), slowest uncached {uncachedMedians.Max():0.0} ms ({(uncachedMedians.Max() < 30 ? "under" : "OVER")} 30 ms), slowest first visitor after a collection {firstVisitor.Max():0.0} ms ({(firstVisitor.Max() < 30 ? "under" : "OVER")} 30 ms), most CPU per request {cpuPerRequest.Max():0.0} ms, heaviest {heaviest / 1024.0:0} KB ({(heaviest <= 300 * 1024 ? "within" : "OVER")} 300 KB)"));
        return CliRunner.Ok;
    }

    private sealed record PageTimes(double Median, double P90, double Min, double CpuMs, long Bytes);

    /// <summary>Warm-up and <paramref name="n"/> measured requests of one page; <paramref name="before"/> runs before each.</summary>
    private static async Task<PageTimes> MeasureAsync(HttpClient http, RequestTimings timings, string url, int n, Action? before, CancellationToken ct)
    {
        var times = new List<double>();
        long bytes = 0;
        CpuClock? cpu = null;
        for (var i = 0; i < WarmUp + n; i++)
        {
            if (i == WarmUp)
                cpu = CpuClock.Start();
            before?.Invoke();
            var (ms, length) = await TimeOneAsync(http, timings, url, ct);
            bytes = length;
            if (i >= WarmUp)
                times.Add(ms);
        }
        var cpuMs = cpu!.Stop().Cpu.TotalMilliseconds / n;
        times.Sort();
        return new PageTimes(times[(times.Count - 1) / 2], times[(int)Math.Ceiling(times.Count * 0.9) - 1], times[0], cpuMs, bytes);
    }

    /// <summary>One request's server time (marked, so the rendered-page cache is bypassed) and its size.</summary>
    private static async Task<(double Ms, long Bytes)> TimeOneAsync(HttpClient http, RequestTimings timings, string url, CancellationToken ct)
    {
        var mark = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(RequestTimings.Header, mark);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}.");
        var elapsed = await timings.WaitForAsync(mark, ct) ?? throw new InvalidOperationException($"no server time recorded for {url}.");
        return (elapsed.TotalMilliseconds, body.Length);
    }

    /// <summary>Every page, with the interesting cases of this store: the worst finding's path, tenant and window.</summary>
    private static async Task<List<string>> PagesAsync(IServiceProvider services, string env, CancellationToken ct)
    {
        var store = services.GetRequiredService<IMetricStore>();
        var findings = (await store.GetFindingsAsync(env, FindingState.Open, ct)).OrderByDescending(f => f.Severity).ToList();
        var latencyFinding = findings.FirstOrDefault(f => f.Labels.ContainsKey(Facts.LabelPath));
        var paths = await services.GetRequiredService<LatencyPathQuery>().PathsAsync(env, ct);
        var path = latencyFinding?.Labels[Facts.LabelPath] ?? paths.FirstOrDefault();
        var tenants = await services.GetRequiredService<TenantQuery>().KnownAsync(env, ct);
        var tenant = latencyFinding?.Labels.GetValueOrDefault(Facts.LabelTenant) ?? tenants.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
        var e = "env=" + Uri.EscapeDataString(env);
        var pages = new List<string> { $"/?{e}", $"/?{e}&range=7d", $"/?{e}&range=30d", $"/latency?{e}&range=7d" };
        if (path is not null)
            pages.Add($"/latency?{e}&range=7d&path={Uri.EscapeDataString(path)}");
        pages.Add($"/incident?{e}&last=24h");
        pages.Add($"/incident?{e}&last=7d");
        if (findings.FirstOrDefault() is { } f)
            pages.Add($"/incident?{e}&finding={Uri.EscapeDataString(f.Id)}");
        pages.Add($"/tenants?{e}");
        if (tenant is not null)
            pages.Add($"/tenants/{Uri.EscapeDataString(tenant)}?{e}&range=7d");
        pages.AddRange([$"/memory?{e}&range=7d", $"/logs?{e}&range=7d", $"/cost?{e}", $"/coverage?{e}", $"/slos?{e}", $"/api/overview?{e}", $"/api/kpis?{e}", $"/api/changes?{e}", $"/api/incident?{e}&last=24h"]);
        return pages;
    }
}
