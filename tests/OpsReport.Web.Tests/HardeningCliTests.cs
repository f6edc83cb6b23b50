using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// The command line on bad input and bad files: a public bind without sign-in, typed configuration errors inside
/// environments, malformed JSON, a damaged store, and API tokens — one line each, never a stack trace.
/// </summary>
public sealed class HardeningCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliProcess Cli() => new CliProcess(_dir.Path).With("OPSREPORT_FIXED_NOW", DemoStoreFixture.FixedNow);

    private string Data(string name) => Path.Combine(_dir.Path, name);

    private async Task<string> ConfigAsync(string json)
    {
        var file = Path.Combine(_dir.Path, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }

    [Fact]
    public async Task Serve_NoneOnANetworkAddress_RefusesWithOneLine()
    {
        var result = await Cli().RunAsync("serve", "--urls", $"http://0.0.0.0:{FreePort()}", "--data-dir", Data("serve"));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("OpsReport:Auth:Mode None", line);
        Assert.Contains("Proxy or Oidc", line);
    }

    [Fact]
    public async Task Serve_Loopback_AnswersWithoutServerHeader()
    {
        var port = FreePort();
        using var server = Cli().With("OpsReport__Collection__Enabled", "false").Start("serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", Data("loop"));
        try
        {
            using var client = new HttpClient();
            HttpResponseMessage? response = null;
            for (var i = 0; i < 300 && response is null; i++)
            {
                try
                {
                    response = await client.GetAsync($"http://127.0.0.1:{port}/healthz");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }
            Assert.NotNull(response);
            Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
            Assert.False(response.Headers.Contains("Server"), "Kestrel's Server header is switched off");
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("""{ "OpsReport": { "Environments": [ { "Name": "prod", "IsProduction": "yes", "Aws": { "Region": "ap-northeast-1" } } ] } }""", "OpsReport:Environments:0:IsProduction: 'yes' is not a boolean")]
    [InlineData("""{ "OpsReport": { "Environments": [ { "Name": "prod", "Aws": { "Region": "ap-northeast-1", "InsightsConcurrency": "four" } } ] } }""", "OpsReport:Environments:0:Aws:InsightsConcurrency: 'four' is not a whole number")]
    [InlineData("""{ "OpsReport": { "Environments": "prod" } }""", "OpsReport:Environments: 'prod' is a single value; expected a list")]
    [InlineData("""{ "OpsReport": { "Auth": { "Mode": "Sso" } } }""", "OpsReport:Auth:Mode: 'Sso' is not one of None, Proxy, Oidc")]
    public async Task Check_WronglyTypedValue_Exits2NamingKeyAndType(string json, string expected)
    {
        var result = await Cli().RunAsync("check", "--data-dir", Data("typed"), "--config", await ConfigAsync(json));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Output);
        Assert.DoesNotContain("demo data", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public async Task Serve_WronglyTypedValueInEnvironment_Exits2()
    {
        var config = await ConfigAsync("""{ "OpsReport": { "Environments": [ { "Name": "prod", "IsProduction": "yes" } ] } }""");

        var result = await Cli().RunAsync("serve", "--urls", $"http://127.0.0.1:{FreePort()}", "--data-dir", Data("typed-serve"), "--config", config);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("OpsReport:Environments:0:IsProduction", result.Stderr);
    }

    [Fact]
    public async Task Check_MalformedConfigJson_OneLineWithFileAndPosition()
    {
        var config = await ConfigAsync("{\n  \"OpsReport\": {\n    \"Environments\": [ }\n}");

        var result = await Cli().RunAsync("check", "--data-dir", Data("json"), "--config", config);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(config, line);
        Assert.Contains("line 3", line);
    }

    [Fact]
    public async Task Commands_TruncatedStore_OneLineNamingTheFileWhichStaysUnchanged()
    {
        var data = Data("damaged");
        var collect = await Cli().With("OpsReport__Collection__BackfillDays", "3").RunAsync("collect", "--data-dir", data);
        Assert.True(collect.ExitCode == 0, collect.ToString());
        var file = Path.Combine(data, "opsreport.db");
        // The damage: only the main file, cut to a third (as a disk-full copy or an interrupted restore leaves it).
        foreach (var sidecar in new[] { file + "-wal", file + "-shm" })
            File.Delete(sidecar);
        var served = Data("served");
        Directory.CreateDirectory(served);
        File.Copy(file, Path.Combine(served, "opsreport.db"));
        Truncate(file);
        var before = Hash(file);

        foreach (var command in new[] { new[] { "check" }, ["report", "render", "--report", "weekly", "--out", Data("w.pdf")], ["analyze"] })
        {
            var result = await Cli().RunAsync([.. command, "--data-dir", data]);

            Assert.True(result.ExitCode != 0, result.ToString());
            var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(file, line);
            Assert.Contains("restore it from a backup", line);
            Assert.DoesNotContain("   at ", result.Output);
        }
        Assert.Equal(before, Hash(file));
    }

    [Fact]
    public async Task Serve_StoreDamagedWhileServing_PagesAndReadyzAnswer503AndTheFileStaysUnchanged()
    {
        var data = Data("serving");
        var collect = await Cli().With("OpsReport__Collection__BackfillDays", "3").RunAsync("collect", "--data-dir", data);
        Assert.True(collect.ExitCode == 0, collect.ToString());
        var file = Path.Combine(data, "opsreport.db");
        var web = new ConfiguredAppFactory(new Dictionary<string, string>(), data);
        var disposed = false;
        try
        {
            using var client = web.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

            Truncate(file);
            // Connections opened from now on read the damaged file (as after any reconnect).
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var before = Hash(file);

            var page = await client.GetAsync("/incident?last=7d");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("data store cannot be read", await page.Content.ReadAsStringAsync());
            var api = await client.GetAsync("/api/incident?last=7d");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
            web.Dispose();
            disposed = true;
            Assert.Equal(before, Hash(file));
        }
        finally
        {
            if (!disposed)
                web.Dispose();
        }
    }

    private static void Truncate(string file)
    {
        using var stream = new FileStream(file, FileMode.Open);
        stream.SetLength(stream.Length / 3);
    }

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public async Task Token_CreateListRevoke_PrintsTheTokenOnceAndKeepsOnlyItsHash()
    {
        var data = Data("tokens");

        var created = await Cli().RunAsync("token", "create", "--name", "grafana", "--role", "operator", "--data-dir", data);
        var listed = await Cli().RunAsync("token", "list", "--data-dir", data);
        var revoked = await Cli().RunAsync("token", "revoke", "grafana", "--data-dir", data);
        var again = await Cli().RunAsync("token", "revoke", "grafana", "--data-dir", data);
        var badRole = await Cli().RunAsync("token", "create", "--name", "x", "--role", "admin", "--data-dir", data);

        Assert.True(created.ExitCode == 0, created.ToString());
        var token = created.Stdout.Trim();
        Assert.StartsWith("opsr_", token);
        Assert.Contains("grafana", listed.Stdout);
        Assert.Contains("operator", listed.Stdout);
        Assert.DoesNotContain(token, listed.Output);
        Assert.DoesNotContain(token, System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(Path.Combine(data, "opsreport.db"))));
        Assert.Equal(0, revoked.ExitCode);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("no token is named 'grafana'", again.Stderr);
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("expected viewer or operator", badRole.Stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
