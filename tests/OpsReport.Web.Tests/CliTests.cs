using Microsoft.Data.Sqlite;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>The command line as a user runs it: a separate OpsReport process per command, real files, real exit codes.</summary>
public sealed class CliTests : IDisposable
{
    private const string FixedNow = "2026-11-22T00:30:00Z";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Check_DefaultConfiguration_ExitsZeroAndListsDemoEnvironments()
    {
        var result = await Cli().RunAsync("check", "--data-dir", Data("a"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("env prod (demo data) demo/latency", result.Stdout);
        Assert.Matches(@"check: 0 error\(s\), \d+ warning\(s\), 3 environment\(s\)", result.Stdout);
    }

    [Fact]
    public async Task Check_WrongConfigurationKey_ExitsNonZeroNamingTheKey()
    {
        var config = Path.Combine(_dir.Path, "bad.json");
        await File.WriteAllTextAsync(config, """{ "OpsReport": { "TimeZon": "Asia/Tokyo", "Environments": [ { "Nmae": "prod" } ] } }""");

        var result = await Cli().RunAsync("check", "--data-dir", Data("a"), "--config", config);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("OpsReport:TimeZon: unknown key 'TimeZon'", result.Output);
        Assert.Contains("OpsReport:Environments:0:Nmae: unknown key 'Nmae'", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public async Task Check_WrongValueFromEnvironmentVariable_ExitsNonZeroNamingTheKey()
    {
        var result = await Cli().With("OpsReport__TimeZone", "Mars/Olympus").RunAsync("check", "--data-dir", Data("a"));

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("OpsReport:TimeZone: 'Mars/Olympus' is not an IANA time zone", result.Output);
    }

    [Fact]
    public async Task Check_MalformedDashboardYaml_ExitsNonZeroWithFileAndLine()
    {
        var dashboards = Path.Combine(_dir.Path, "dashboards");
        Directory.CreateDirectory(dashboards);
        foreach (var file in Directory.GetFiles(RepositoryPaths.Dashboards, "*.yaml"))
            File.Copy(file, Path.Combine(dashboards, Path.GetFileName(file)));
        var standup = Path.Combine(dashboards, "standup.yaml");
        var lines = (await File.ReadAllLinesAsync(standup)).ToList();
        var panelLine = lines.FindIndex(l => l.Contains("- panel: memory", StringComparison.Ordinal));
        lines[panelLine] = "  - panel: memroy";
        await File.WriteAllLinesAsync(standup, lines);

        var result = await Cli().With("OpsReport__DashboardsDir", dashboards).RunAsync("check", "--data-dir", Data("a"));

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"standup.yaml:{panelLine + 1}: unknown panel 'memroy'; expected one of latency, slow_tenants, memory, log_volume, cost.", result.Output);
    }

    [Fact]
    public async Task Serve_MalformedDashboardYaml_StopsStartupWithFileAndLine()
    {
        var dashboards = Path.Combine(_dir.Path, "dashboards");
        Directory.CreateDirectory(dashboards);
        await File.WriteAllTextAsync(Path.Combine(dashboards, "standup.yaml"), "name: standup\npanels:\n  - panel: latency\n   top: [\n");

        var result = await Cli().With("OpsReport__DashboardsDir", dashboards).RunAsync("serve", "--data-dir", Data("a"), "--urls", "http://127.0.0.1:0");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Matches(@"standup\.yaml:\d+: ", result.Output);
    }

    [Fact]
    public async Task Collect_BadTimeOption_ExitsNonZeroWithOneLine()
    {
        var result = await Cli().RunAsync("collect", "--data-dir", Data("a"), "--from", "yesterday", "--to", "2026-11-20T00:00Z");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --from 'yesterday' is not an ISO 8601 time; expected e.g. 2026-11-16T00:00Z.", result.Stderr.Trim());
    }

    [Fact]
    public async Task Collect_KilledMidwayThenRunAgain_StoreEqualsAnUninterruptedRun()
    {
        var interrupted = Data("interrupted");
        var clean = Data("clean");
        var cli = Cli().With("OPSREPORT_FIXED_NOW", FixedNow);

        // The first run kills itself (SIGKILL, no clean-up) right after its third committed chunk: a test hook of the
        // executable, so the interruption lands at the same place on every run instead of racing a poll.
        var killed = await Cli().With("OPSREPORT_FIXED_NOW", FixedNow).With("OPSREPORT_TEST_KILL_AFTER_CHUNKS", "3").RunAsync("collect", "--data-dir", interrupted);
        Assert.True(killed.ExitCode != 0, "collect was not interrupted: " + killed);
        Assert.Equal(1, CountWatermarks(Path.Combine(interrupted, "opsreport.db")));
        var pointsAtKill = Dump(interrupted).Count;

        var resumed = await cli.RunAsync("collect", "--data-dir", interrupted);
        var uninterrupted = await cli.RunAsync("collect", "--data-dir", clean);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());
        var expected = Dump(clean);
        var actual = Dump(interrupted);
        Assert.True(pointsAtKill < expected.Count, $"the kill left {pointsAtKill} of {expected.Count} points: it must interrupt a partial run");
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);

        var again = await cli.RunAsync("collect", "--data-dir", interrupted);
        Assert.Contains(" 0 points,", again.Stdout);
        Assert.Equal(expected, Dump(interrupted));
    }

    private CliProcess Cli() => new(_dir.Path);

    private string Data(string name) => Path.Combine(_dir.Path, name);

    private static int CountWatermarks(string database)
    {
        if (!File.Exists(database))
            return 0;
        try
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM watermarks;";
            return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // schema not created yet
        }
    }

    /// <summary>Every stored point as "series|ts|value", sorted: two stores are equal when their dumps are.</summary>
    private static List<string> Dump(string dataDir)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "opsreport.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT s.key, p.ts, p.value FROM points p JOIN series s ON s.id = p.series_id ORDER BY s.key, p.ts;";
        var rows = new List<string>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
            rows.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reader.GetString(0)}|{reader.GetInt64(1)}|{reader.GetDouble(2):R}"));
        return rows;
    }
}
