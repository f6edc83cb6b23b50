using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// <c>bench</c> parses its subcommands and prints its tables on a tiny store. Its numbers are timings of this machine and
/// are not checked here (they belong in docs/BENCHMARKS.md); only that each phase ran and counted the same points.
/// </summary>
public sealed class BenchCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliProcess Cli() => new CliProcess(_dir.Path).With("OpsReport__DashboardsDir", RepositoryPaths.Dashboards);

    [Fact]
    public async Task BenchCollect_OneDayBackfill_PrintsATableWhosePhasesCountTheSamePoints()
    {
        var result = await Cli().RunAsync("bench", "collect", "--backfill-days", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("points  wall s  CPU s  points/s  phase", result.Stdout);
        var rows = result.Stdout.Split('\n').Where(l => l.Contains("generate the demo", StringComparison.Ordinal)
            || l.Contains("commit generated points", StringComparison.Ordinal) || l.Contains("collect: 1-day demo backfill", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        var points = rows.Select(r => long.Parse(r.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(points[0] > 0, result.Stdout);
        Assert.All(points, p => Assert.Equal(points[0], p));
    }

    [Fact]
    public async Task BenchAnalyze_OneDayOneRun_PrintsTwelveEnvironmentsAndAPass()
    {
        var result = await Cli().RunAsync("bench", "analyze", "--backfill-days", "1", "--runs", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("bench analyze: 12 environments, 1 days,", result.Stdout);
        Assert.Contains("wall ms  CPU ms  findings  opened  pass", result.Stdout);
        Assert.Contains("first (opens the findings)", result.Stdout);
    }

    [Fact]
    public async Task Bench_RequestsOutOfRange_ExitsNonZeroNamingTheOption()
    {
        var result = await Cli().RunAsync("bench", "pages", "--requests", "0", "--data-dir", Path.Combine(_dir.Path, "data"));

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("--requests 0 is out of range", result.Stderr);
    }
}
