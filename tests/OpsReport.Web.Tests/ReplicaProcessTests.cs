using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OpsReport.Core.Storage;
using OpsReport.Reports.Tests.Support;
using OpsReport.Tests.Support;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// Several instances on one PostgreSQL database, as separate processes of the real executable: two <c>serve</c> (each
/// collecting, analysing and scheduling in the background), two concurrent <c>collect</c> and two concurrent
/// <c>report send</c>. The database ends with exactly what one <c>collect</c> stores on its own database, no window is
/// fetched twice, one email is delivered, and each instance's <c>/readyz</c> names who holds a lease.
/// </summary>
public sealed class ReplicaProcessTests : IDisposable
{
    private const string FixedNow = "2026-11-22T00:30:00Z";

    // A window the source was asked for, once per call: the runner records a run for each call before making it.
    private const string FetchedWindows = "SELECT COUNT(*) FROM runs WHERE window_end > window_start";
    private const string WindowsFetchedTwice =
        "SELECT COUNT(*) FROM (SELECT 1 FROM runs WHERE window_end > window_start GROUP BY source, env, stream, window_start, window_end HAVING COUNT(*) > 1) twice";

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task TwoServeTwoCollectTwoReportSend_OnePostgres_StoreWhatOneRunStoresFetchNothingTwiceAndDeliverOnce()
    {
        var alone = await PostgresServer.Shared.CreateDatabaseAsync();
        var single = await Cli(alone, "alone").RunAsync("collect", "--data-dir", Data("alone"));
        Assert.True(single.ExitCode == 0, single.ToString());

        var shared = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var smtp = await SmtpSink.StartAsync();
        var ports = new[] { FreePort(), FreePort() };
        var servers = new List<Process>();
        try
        {
            for (var i = 0; i < 2; i++)
                servers.Add(Mail(Cli(shared, $"serve-{i}"), smtp).Start("serve", "--urls", Url(ports[i]), "--data-dir", Data($"serve-{i}")));
            var collects = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Cli(shared, $"collect-{i}").RunAsync("collect", "--data-dir", Data($"collect-{i}"))));
            Assert.All(collects, c => Assert.True(c.ExitCode == 0, c.ToString()));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            foreach (var port in ports)
                await WaitUntilAsync(async () => (await TryGetAsync(http, Url(port) + "/readyz")).Status == HttpStatusCode.OK, $"serve on {port} ready");
            // The instances' own first passes may still run: wait until nothing is being collected.
            await WaitUntilAsync(async () => await PostgresServer.ScalarAsync(shared, "SELECT COUNT(*) FROM runs WHERE status = 'Running'") == 0
                && await PostgresServer.ScalarAsync(shared, "SELECT COUNT(*) FROM leases WHERE name LIKE 'collect:%' AND holder IS NOT NULL AND expires_at > 0") == 0,
                "no collection running");

            foreach (var sql in new[] { "SELECT COUNT(*) FROM points", "SELECT COUNT(*) FROM series", "SELECT COUNT(*) FROM watermarks", FetchedWindows,
                         "SELECT COALESCE(SUM(ROUND(value::numeric * 1000)), 0)::BIGINT FROM points", "SELECT COALESCE(SUM(collected_until), 0) FROM watermarks" })
                Assert.Equal((sql, await PostgresServer.ScalarAsync(alone, sql)), (sql, await PostgresServer.ScalarAsync(shared, sql)));
            Assert.Equal(0, await PostgresServer.ScalarAsync(shared, WindowsFetchedTwice));
            Assert.True(await PostgresServer.ScalarAsync(shared, FetchedWindows) > 0);

            var sends = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
                Mail(Cli(shared, $"send-{i}"), smtp).RunAsync("report", "send", "--report", "weekly", "--data-dir", Data($"send-{i}"))));
            // One sends; the other finds it sent, or still being sent by the first (exit 1, nothing sent).
            Assert.Contains(sends, s => s.ExitCode == 0);
            Assert.All(sends, s => Assert.True(s.ExitCode == 0 || s.Stdout.Contains("is being sent by another process; nothing sent", StringComparison.Ordinal), s.ToString()));
            Assert.Single(smtp.Messages);
            Assert.Equal(1, await PostgresServer.ScalarAsync(shared, "SELECT COUNT(*) FROM deliveries WHERE report = 'weekly' AND period = '2026-W46'"));

            // A lease held in the database is named by every instance, whichever holds it.
            await using (var holder = new PostgresMetricStore(shared, "probe-holder"))
                Assert.True(await holder.TryAcquireLeaseAsync("collect:probe/prod/metrics", TimeSpan.FromHours(1), DateTimeOffset.Parse(FixedNow, CultureInfo.InvariantCulture)));
            foreach (var port in ports)
            {
                var ready = await TryGetAsync(http, Url(port) + "/readyz");
                Assert.Contains("\"holder\":\"probe-holder:", ready.Body, StringComparison.Ordinal);
                Assert.Contains("collect:probe/prod/metrics", ready.Body, StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                server.Dispose();
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    private CliProcess Cli(string connectionString, string instance) => new CliProcess(_dir.Path)
        .With("OPSREPORT_FIXED_NOW", FixedNow)
        // Eight days cover the report's week (2026-W46) and keep each collect short on a busy machine.
        .With("OpsReport__Collection__BackfillDays", "8")
        .With("OpsReport__Store__Provider", "Postgres")
        .With("OpsReport__Store__ConnectionString", connectionString)
        .With("OpsReport__Store__InstanceName", instance);

    private static CliProcess Mail(CliProcess cli, SmtpSink smtp) => cli
        .With("OpsReport__Email__Delivery", "Smtp")
        .With("OpsReport__Email__Smtp__Host", "127.0.0.1")
        .With("OpsReport__Email__Smtp__Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
        .With("OpsReport__Email__Smtp__StartTls", "false");

    private string Data(string name) => Path.Combine(_dir.Path, name);

    private static string Url(int port) => "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(HttpStatusCode? Status, string Body)> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return (null, "");
        }
    }

    // Bounded polling for a state another process reaches (not a timing assertion: only the state is checked).
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (await condition())
                return;
            await Task.Delay(500);
        }
        Assert.Fail($"gave up waiting for: {what}");
    }
}
