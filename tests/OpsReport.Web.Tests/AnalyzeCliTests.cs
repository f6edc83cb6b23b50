using System.Globalization;
using System.Text;
using System.Text.Json;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary><c>analyze</c> as a user runs it: a separate OpsReport process, real files, real exit codes.</summary>
public sealed class AnalyzeCliTests : IDisposable
{
    private static readonly DateTimeOffset StepAt = new(2026, 11, 12, 5, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliProcess Cli() => new(_dir.Path);

    private string Data() => Path.Combine(_dir.Path, "data");

    /// <summary>Four weeks of a log group's bytes every 5 minutes (CloudWatch console export), six times as much from <see cref="StepAt"/>.</summary>
    private string WriteStepCsv()
    {
        var random = new Random(4);
        var sb = new StringBuilder("\"Timestamp\",\"IncomingBytes\"\n");
        for (var t = StepAt.AddDays(-24); t < StepAt.AddDays(3); t = t.AddMinutes(5))
        {
            var local = t.ToOffset(TimeSpan.FromHours(9));
            var office = local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.3 : local.Hour is >= 9 and < 19 ? 1.0 : 0.4;
            var v = 2e6 * office * Math.Exp(0.1 * ((random.NextDouble() * 2) - 1)) * (t >= StepAt ? 6 : 1);
            sb.Append(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',').Append(v.ToString("0", CultureInfo.InvariantCulture)).Append('\n');
        }
        var file = Path.Combine(_dir.Path, "incoming-bytes.csv");
        File.WriteAllText(file, sb.ToString());
        return file;
    }

    [Fact]
    public async Task AnalyzeCsv_PlantedStepChange_ReportsItWithTheRightStartTime()
    {
        var result = await Cli().RunAsync("analyze", "--data-dir", Data(), "--csv", WriteStepCsv(), "--kind", "volume");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[info] csv LogVolume incoming-bytes.csv · open · since Thu 12 Nov 14:00 (Asia/Tokyo) · start 2026-11-12T05:00:00Z", result.Stdout);
        Assert.Contains("Log volume of incoming-bytes.csv (csv) has been", result.Stdout);
        Assert.Matches(@"analyze: 1 finding\(s\) in incoming-bytes\.csv \(volume, \d+ rows every 5 min", result.Stdout);
    }

    [Fact]
    public async Task AnalyzeCsv_JapaneseLanguage_PrintsStatusAndSummaryLinesInJapanese()
    {
        var result = await Cli().With("OpsReport__Language", "ja").RunAsync("analyze", "--data-dir", Data(), "--csv", WriteStepCsv(), "--kind", "volume");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var status = Assert.Single(lines, l => l.StartsWith('['));
        Assert.StartsWith("[情報] csv LogVolume incoming-bytes.csv · 継続中 · ", status);
        Assert.Contains("開始 2026-11-12T05:00:00Z", status);
        Assert.StartsWith("analyze: incoming-bytes.csv の検出 1 件", lines[^1]);
        // Identifiers (the kind, the file, the detector) aside, no English words in the CLI's own lines.
        Assert.Empty(ReaderLanguage.EnglishIn(status + "\n" + lines[^1], ["LogVolume", "incoming-bytes.csv", "volume", "analyze", "csv"]));
    }

    [Fact]
    public async Task AnalyzeCsv_FormatJson_IsAnArrayOfFindingsInTheStableShape()
    {
        var result = await Cli().RunAsync("analyze", "--data-dir", Data(), "--csv", WriteStepCsv(), "--kind", "volume", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var f = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("LogVolume", f.GetProperty("kind").GetString());
        Assert.Equal("incoming-bytes.csv", f.GetProperty("subject").GetString());
        Assert.Equal(StepAt, DateTimeOffset.Parse(f.GetProperty("start").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(JsonValueKind.Null, f.GetProperty("end").ValueKind);
        Assert.Equal("info", f.GetProperty("severity").GetString());
        Assert.StartsWith("Log volume of incoming-bytes.csv", f.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task AnalyzeCsv_BadRows_AreSkippedWithOneWarningLine()
    {
        var file = Path.Combine(_dir.Path, "bad.csv");
        await File.WriteAllTextAsync(file, "timestamp,value\n2026-11-10T00:00:00Z,1\n2026-11-10T01:00:00Z,1\n2026-11-10T02:00:00Z,1,5\n2026-11-10T03:00:00Z,n/a\n");

        var result = await Cli().RunAsync("analyze", "--data-dir", Data(), "--csv", file, "--kind", "memory");

        Assert.True(result.ExitCode == 0, result.ToString());
        var warning = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"warning: bad.csv: 1 unreadable row(s) skipped (first: {file}:5: 'n/a' is not a number", warning);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public async Task AnalyzeCsv_NoUsableRow_ExitsTwoNamingTheFileAndLine()
    {
        var file = Path.Combine(_dir.Path, "empty.csv");
        await File.WriteAllTextAsync(file, "timestamp,value\nyesterday,1\n");

        var result = await Cli().RunAsync("analyze", "--data-dir", Data(), "--csv", file);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {file}:2: 'yesterday' is not an ISO 8601 timestamp", result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Two weeks of 5-minute CPU with a drop to zero, exported across a DST change (an hour twice) and out of order.</summary>
    private string WriteCpuCsv()
    {
        var random = new Random(11);
        var start = new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero);
        var rows = new List<string>();
        for (var i = 0; i < 14 * 288; i++)
        {
            var t = start.AddMinutes(5 * i);
            var v = i >= 3000 && i < 3030 ? 0 : 40 + (2 * ((random.NextDouble() * 2) - 1));
            rows.Add(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "," + v.ToString("0.00", CultureInfo.InvariantCulture));
        }
        rows.AddRange(rows.GetRange(2000, 12));
        (rows[10], rows[11]) = (rows[11], rows[10]);
        var file = Path.Combine(_dir.Path, "cpu.csv");
        File.WriteAllText(file, "timestamp,CPUUtilization\n" + string.Join("\n", rows) + "\n");
        return file;
    }

    [Fact]
    public async Task AnalyzeCsv_NoKindFormatJson_StdoutIsOnlyTheJsonArrayWithTheDropToZero()
    {
        var result = await Cli().RunAsync("analyze", "--data-dir", Data(), "--csv", WriteCpuCsv(), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var f = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("Anomaly", f.GetProperty("kind").GetString());
        Assert.Equal("cpu.csv", f.GetProperty("subject").GetString());
        Assert.Equal(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero).AddMinutes(5 * 3000), DateTimeOffset.Parse(f.GetProperty("start").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero).AddMinutes(5 * 3030), DateTimeOffset.Parse(f.GetProperty("end").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal("warning", f.GetProperty("severity").GetString());
        Assert.StartsWith("CPUUtilization of cpu.csv (csv) fell to zero", f.GetProperty("summary").GetString());
        Assert.StartsWith("warning: cpu.csv: ", result.Stderr);
        Assert.Contains("12 row(s) with a repeated timestamp merged into the mean", result.Stderr);
        Assert.Contains("row(s) out of time order sorted", result.Stderr);
    }

    [Theory]
    [InlineData("--kind", "volume")]
    [InlineData("--csv", "x.csv", "--kind", "cpu")]
    [InlineData("--csv", "x.csv", "--kind", "anomaly")]
    [InlineData("--format", "yaml")]
    public async Task Analyze_OptionMistake_ExitsNonZeroWithOneLine(params string[] args)
    {
        var result = await Cli().RunAsync(["analyze", "--data-dir", Data(), .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: --", result.Stderr);
    }

    [Fact]
    public async Task Analyze_AfterCollect_PrintsTheDemoIncidentsAndAOneLineSummary()
    {
        var cli = Cli().With("OPSREPORT_FIXED_NOW", "2026-11-22T00:30:00Z");
        var collect = await cli.RunAsync("collect", "--data-dir", Data());
        Assert.True(collect.ExitCode == 0, collect.ToString());

        var result = await cli.RunAsync("analyze", "--data-dir", Data());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[critical] prod SlowTenant sakura-logistics · open · since Thu 19 Nov 11:00 (Asia/Tokyo)", result.Stdout);
        Assert.Contains("[warning] prod MemoryTrend api · open · since Thu 12 Nov 11:00", result.Stdout);
        Assert.Contains("prod CostMover sakura-ci-build-artifacts · open · since Sun 1 Nov 00:00", result.Stdout);
        Assert.Contains("staging DebugLogging /aws/lambda/billing-sync-staging · open · since Mon 16 Nov 14:00", result.Stdout);
        Assert.Contains("without a restart it would reach 90% in about", result.Stdout);
        // The same slowdown burns the error budget of the export SLO in dashboards/slos.yaml, for the tenant and overall.
        Assert.Contains("[critical] prod SloBurn exports-fast/sakura-logistics · open · since Thu 19 Nov 11:00 (Asia/Tokyo)", result.Stdout);
        Assert.Contains("[critical] prod SloBurn exports-fast · open · since Thu 19 Nov 11:00 (Asia/Tokyo)", result.Stdout);
        Assert.Contains("Exports download quickly (prod, 株式会社サクラ物流) has been burning its error budget", result.Stdout);
        Assert.EndsWith("analyze: 6 open finding(s) (3 critical, 3 warning), 0 resolved in the last 7 days, 6 new, 3 environment(s)", result.Stdout.TrimEnd()[..result.Stdout.TrimEnd().LastIndexOf(',')]);

        var again = await cli.RunAsync("analyze", "--data-dir", Data(), "--env", "staging", "--format", "json");
        using var json = JsonDocument.Parse(again.Stdout);
        Assert.Equal("DebugLogging", Assert.Single(json.RootElement.EnumerateArray()).GetProperty("kind").GetString());
    }
}
