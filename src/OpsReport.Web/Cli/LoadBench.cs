using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OpsReport.Web.Cli;

/// <summary>
/// <c>bench --load</c>: many clients on one view for a while, then idle — the answers by status, the latency, and the
/// process's resident memory at its peak, at the end of the load and after the idle period. A measuring tool, not a test.
/// </summary>
internal static class LoadBench
{
    public static async Task RunAsync(string baseUrl, string url, int clients, TimeSpan duration, TimeSpan idle, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(100) };
        var statuses = new ConcurrentDictionary<string, int>();
        var latencies = new ConcurrentBag<double>();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        long peak = before;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(duration);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try
                {
                    await Task.Delay(200, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load: {clients} clients on {url} for {duration.TotalSeconds:0} s (RSS before {Mb(before)} MB)"));
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                string outcome;
                try
                {
                    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
                    outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException e)
                {
                    outcome = "error " + e.HttpRequestError;
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    outcome = "timeout";
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(workers);
        await sampler;
        process.Refresh();
        var atEnd = process.WorkingSet64;

        await Task.Delay(idle, ct);
        process.Refresh();
        var afterIdle = process.WorkingSet64;

        var sorted = latencies.Order().ToList();
        double P(double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * q) - 1)];
        Console.WriteLine("  answers: " + string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} × {s.Value}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  latency ms: p50 {P(0.5):0} · p90 {P(0.9):0} · p99 {P(0.99):0} · max {(sorted.Count == 0 ? 0 : sorted[^1]):0} over {sorted.Count} requests"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  RSS MB: before {Mb(before)} · peak {Mb(peak)} · end of load {Mb(atEnd)} · after {idle.TotalSeconds:0} s idle {Mb(afterIdle)} (the server's own idle compaction; the bench forces no GC)"));
        var onlyExpected = statuses.Keys.All(k => k is "200" or "503");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench --load: {(onlyExpected ? "only 200/503" : "UNEXPECTED answers")}, peak RSS {Mb(peak)} MB ({(peak < 500L * 1024 * 1024 ? "under" : "OVER")} 500 MB)"));
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture);
}
