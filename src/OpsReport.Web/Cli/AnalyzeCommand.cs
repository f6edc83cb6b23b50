using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsReport.Core.Analysis;
using OpsReport.Core.Analysis.Anomaly;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Text;
using OpsReport.Core.Time;
using OpsReport.Web.Api;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli;

/// <summary>
/// <c>analyze [--env ENV] [--csv FILE [--kind volume|memory|latency]] [--format text|json]</c>: runs the detectors over the
/// store (and stores the findings), or over a CSV export (nothing stored) the general anomaly detector or the detector
/// <c>--kind</c> names, and prints the findings. With <c>--format json</c> stdout carries the JSON array and nothing else.
/// </summary>
internal static class AnalyzeCommand
{
    private static readonly Option<string?> Env = new("--env") { Description = "Only this environment." };
    private static readonly Option<string?> CsvFile = new("--csv") { Description = "Analyze a timestamp,value CSV export instead of the store (timestamps without an offset are UTC)." };
    private static readonly Option<string?> Kind = new("--kind") { Description = "With --csv: volume, memory or latency; without it, the general anomaly detector (spikes, dips, drops to zero, level shifts, bursts)." };
    private static readonly Option<string?> Format = new("--format") { Description = "text (default) or json (an array of findings)." };

    public static Command Create()
    {
        var command = new Command("analyze", "Find what changed (log volume, DEBUG left on, memory leaks, latency regressions, slow tenants, cost movers, coverage) and print the findings.");
        command.Options.Add(Env);
        command.Options.Add(CsvFile);
        command.Options.Add(Kind);
        command.Options.Add(Format);
        command.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            var format = result.GetValue(Format) ?? "text";
            if (format is not ("text" or "json"))
                throw new ArgumentException($"--format '{format}' is not a format; expected text or json.");
            var csv = result.GetValue(CsvFile);
            var kind = result.GetValue(Kind);
            if (csv is null && kind is not null)
                throw new ArgumentException("--kind goes with --csv: e.g. analyze --csv memory.csv --kind memory.");
            if (kind is not (null or "volume" or "memory" or "latency"))
                throw new ArgumentException($"--kind '{kind}' is not a detector; expected volume, memory or latency (or no --kind for the general anomaly detector).");

            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            var options = host.Services.GetRequiredService<IOptions<OpsReportOptions>>().Value;
            var zone = host.Services.GetRequiredService<ZoneCalendar>();
            var text = new FindingText(options.Language, zone);
            return csv is null
                ? await AnalyzeStoreAsync(host, result.GetValue(Env), format, text, options, ct)
                : AnalyzeCsv(csv, kind, format, text, options, zone);
        }));
        return command;
    }

    private static async Task<int> AnalyzeStoreAsync(IHost host, string? env, string format, FindingText text, OpsReportOptions options, CancellationToken ct)
    {
        var runner = host.Services.GetRequiredService<AnalysisRunner>();
        var summary = await runner.RunAsync(env, ct);
        if (format == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(summary.Findings.Select(FindingJson.From), OpsReportApi.JsonOptions));
            return CliRunner.Ok;
        }
        foreach (var f in summary.Findings)
            Print(f, text, options.TimeZone, options.Language);
        var open = summary.Findings.Where(f => f.State == FindingState.Open).ToList();
        var bySeverity = string.Join(", ", open.GroupBy(f => f.Severity).OrderByDescending(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {TextCatalog.Get(options.Language, "common.severity." + g.Key).ToLowerInvariant()}")));
        Console.WriteLine(TextCatalog.Format(options.Language, "cli.analyzeSummary", open.Count, open.Count > 0 ? " (" + bySeverity + ")" : "", summary.Findings.Count - open.Count,
            options.Analysis.ReportResolvedDays, summary.Opened, summary.Environments, summary.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)));
        return CliRunner.Ok;
    }

    private static int AnalyzeCsv(string path, string? kind, string format, FindingText text, OpsReportOptions options, ZoneCalendar zone)
    {
        var csv = CsvSeriesReader.Read(path);
        // Whatever was forgiven is said once, on stderr, so stdout stays the findings (or the JSON array) alone.
        if (csv.Warning() is { } warning)
            Console.Error.WriteLine(warning);
        var series = csv.Series;
        // Judged as of the end of the file, not the wall clock: an export may be weeks old.
        var asOf = series.End;
        var analysis = options.Analysis;
        var calendar = AnalysisCalendar.From(zone, analysis);
        const string Environment = "csv";
        string? note = null;
        var findings = new List<Finding>();
        switch (kind)
        {
            case null:
                var general = new SeriesAnomalyDetector(analysis.Anomaly);
                foreach (var anomaly in general.Detect(series, calendar.Axis(series.Start, series.Step, series.Count)))
                    findings.Add(AnomalyFinding.From(Environment, csv.Name, csv.ValueHeader, "", anomaly, series.Step, analysis.Anomaly, asOf));
                break;
            case "volume":
                var isBytes = csv.ValueHeader.Contains("byte", StringComparison.OrdinalIgnoreCase);
                var detector = new LogVolumeDetector(analysis, calendar);
                var input = new LogVolumeInput(csv.Name, new Dictionary<string, string>(), series, isBytes, new Dictionary<string, RegularSeries>());
                var price = analysis.LogIngestionUsdPerGb.GetValueOrDefault(analysis.DefaultRegion, 0.5);
                // Units are unknown unless the header says bytes: judge by ratio and noise only.
                foreach (var episode in detector.FindEpisodes(input, asOf, minExcessPerDay: isBytes ? null : 0))
                    findings.Add(detector.ToFinding(Environment, true, episode, null, null, null, analysis.DefaultRegion, price, asOf));
                break;
            case "memory":
                var memory = new MemoryTrendDetector(analysis, calendar);
                var trend = memory.Analyze(series, asOf);
                if (memory.Detect(Environment, new MemoryTrendInput(csv.Name, new Dictionary<string, string>(), series), asOf) is { } leak)
                    findings.Add(leak);
                note = trend is null
                    ? TextCatalog.Format(options.Language, "cli.memoryNoTrend", analysis.MemoryWindowDays)
                    : TextCatalog.Format(options.Language, "cli.memoryTrend", trend.SlopePerDay.ToString("0.00", CultureInfo.InvariantCulture), trend.Z.ToString("0.0", CultureInfo.InvariantCulture),
                        trend.Restarts, trend.CurrentPercent.ToString("0.0", CultureInfo.InvariantCulture));
                break;
            default:
                var latency = new LatencyRegressionDetector(analysis, calendar);
                if (latency.DetectOne(Environment, new LatencySeries(csv.Name, null, series, null, [], []), asOf) is { } regression)
                    findings.Add(regression);
                break;
        }
        findings = findings.Select(f => text.Render(f) with { Url = null }).ToList();
        if (format == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(findings.Select(FindingJson.From), OpsReportApi.JsonOptions));
            return CliRunner.Ok;
        }
        foreach (var f in findings)
            Print(f, text, options.TimeZone, options.Language);
        if (note is not null)
            Console.WriteLine("  " + note);
        Console.WriteLine(TextCatalog.Format(options.Language, "cli.analyzeCsvSummary", findings.Count, csv.Name, kind ?? "anomaly", series.Count,
            series.Step.TotalMinutes.ToString("0", CultureInfo.InvariantCulture), series.Start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), series.End.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
        return CliRunner.Ok;
    }

    private static void Print(Finding f, FindingText text, string zone, string language)
    {
        var end = f.End is { } e ? TextCatalog.Format(language, "cli.findingTo", text.Time(e)) : "";
        Console.WriteLine(TextCatalog.Format(language, "cli.findingLine", TextCatalog.Get(language, "common.severity." + f.Severity).ToLowerInvariant(), f.Environment, f.Kind, f.Subject,
            TextCatalog.Get(language, f.State == FindingState.Open ? "common.open" : "common.resolved"), text.Time(f.Start), end, zone,
            f.Start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        Console.WriteLine("  " + f.Summary);
        Console.WriteLine("  " + f.Evidence);
        if (f.Url is not null)
            Console.WriteLine("  " + f.Url);
    }
}
