using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using OpsReport.Collectors.Runner;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli;

/// <summary>
/// <c>bench [--env ENV] [--requests N]</c>: starts the dashboard in-process on a loopback port, brings the store up to date
/// (a first run backfills the demo), warms up, then prints the median server time of every page over N requests.
/// A measuring tool, not a test: numbers depend on the machine.
/// </summary>
internal static class BenchCommand
{
    private static readonly Option<string?> Env = new("--env") { Description = "Environment whose pages are measured (default: the default environment)." };
    private static readonly Option<int> Requests = new("--requests") { Description = "Measured requests per page (default 20).", DefaultValueFactory = _ => 20 };

    private static readonly Option<bool> Load = new("--load") { Description = "Instead: 64 clients on /incident?last=7d for 30 s, then 30 s idle; prints answers, latency and memory." };

    private const int WarmUp = 3;

    public static Command Create()
    {
        var command = new Command("bench", "Measure the server render time of each dashboard page (median of N requests) on this machine.");
        command.Options.Add(Env);
        command.Options.Add(Requests);
        command.Options.Add(Load);
        command.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            var n = result.GetValue(Requests);
            if (n is < 1 or > 1000)
                throw new ArgumentException($"--requests {n} is out of range; use 1 to 1000.");
            // Background collection and analysis stay off so they do not compete with the measured requests.
            var app = OpsReportHost.BuildWeb(["--OpsReport:Collection:Enabled=false", "--Logging:LogLevel:Default=Warning"],
                OpsReportCli.Settings(result, "http://127.0.0.1:0"));
            await using (app)
            {
                var services = app.Services;
                var catalog = services.GetRequiredService<EnvironmentCatalog>();
                var env = result.GetValue(Env) is { } name
                    ? catalog.Find(name) ?? throw new ArgumentException($"Unknown environment '{name}'. Known environments: {string.Join(", ", catalog.All.Select(e => e.Name))}.")
                    : catalog.Default;

                var prepared = Stopwatch.StartNew();
                var collected = await services.GetRequiredService<CollectionRunner>().RunOnceAsync(new CollectionRequest(), null, ct);
                await services.GetRequiredService<AnalysisRunner>().RunAsync(null, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"store ready: {collected.PointsWritten} new points, analysis done ({prepared.Elapsed.TotalSeconds:0.0} s)"));

                await app.StartAsync(ct);
                var baseUrl = app.Urls.First();
                if (result.GetValue(Load))
                {
                    await LoadBench.RunAsync(baseUrl, $"/incident?env={Uri.EscapeDataString(env.Name)}&last=7d", 64, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), ct);
                    await app.StopAsync(ct);
                    return CliRunner.Ok;
                }
                using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
                var timings = services.GetRequiredService<RequestTimings>();
                var pages = await PagesAsync(services, env.Name, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{pages.Count} pages of {env.Name} at {baseUrl}, {WarmUp} warm-up + {n} measured requests each; server time (query + render), ms:"));
                Console.WriteLine($"  {"median",7} {"p90",7} {"min",7} {"KB",6}  page");
                var medians = new List<double>();
                foreach (var url in pages)
                {
                    var times = new List<double>();
                    long bytes = 0;
                    for (var i = 0; i < WarmUp + n; i++)
                    {
                        var mark = Guid.NewGuid().ToString("N");
                        using var request = new HttpRequestMessage(HttpMethod.Get, url);
                        request.Headers.Add(RequestTimings.Header, mark);
                        using var response = await http.SendAsync(request, ct);
                        var body = await response.Content.ReadAsByteArrayAsync(ct);
                        if (!response.IsSuccessStatusCode)
                            throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}.");
                        bytes = body.Length;
                        var elapsed = await timings.WaitForAsync(mark, ct) ?? throw new InvalidOperationException($"no server time recorded for {url}.");
                        if (i >= WarmUp)
                            times.Add(elapsed.TotalMilliseconds);
                    }
                    times.Sort();
                    var median = times[(times.Count - 1) / 2];
                    medians.Add(median);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {median,7:0.0} {times[(int)Math.Ceiling(times.Count * 0.9) - 1],7:0.0} {times[0],7:0.0} {bytes / 1024.0,6:0}  {url}"));
                }
                await app.StopAsync(ct);
                var overview = medians[0];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bench: {pages.Count} pages, overview median {overview:0.0} ms ({(overview < 100 ? "under" : "OVER")} the 100 ms budget), slowest median {medians.Max():0.0} ms"));
                return CliRunner.Ok;
            }
        }));
        return command;
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
        pages.AddRange([$"/memory?{e}&range=7d", $"/logs?{e}&range=7d", $"/cost?{e}", $"/coverage?{e}", $"/api/overview?{e}", $"/api/kpis?{e}", $"/api/changes?{e}", $"/api/incident?{e}&last=24h"]);
        return pages;
    }
}
