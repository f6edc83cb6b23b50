using System.CommandLine;
using System.Globalization;
using OpsReport.Collectors.Runner;
using OpsReport.Core.Charts;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli;

/// <summary><c>collect [--source NAME] [--env ENV] [--from ISO --to ISO]</c>: one collection pass with progress.</summary>
internal static class CollectCommand
{
    private static readonly Option<string?> Source = new("--source") { Description = "Only this source (e.g. demo)." };
    private static readonly Option<string?> Env = new("--env") { Description = "Only this environment." };
    private static readonly Option<string?> From = new("--from") { Description = "Backfill from this ISO 8601 time (UTC unless an offset is given)." };
    private static readonly Option<string?> To = new("--to") { Description = "Backfill up to this ISO 8601 time (exclusive)." };

    public static Command Create()
    {
        var command = new Command("collect", "Collect new data from every enabled source once, with progress, then print a summary.");
        command.Options.Add(Source);
        command.Options.Add(Env);
        command.Options.Add(From);
        command.Options.Add(To);
        command.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            var from = ParseTime(result.GetValue(From), "--from");
            var to = ParseTime(result.GetValue(To), "--to");
            if ((from is null) != (to is null))
                throw new ArgumentException("--from and --to go together: give both, e.g. --from 2026-11-01T00:00Z --to 2026-11-08T00:00Z.");
            if (from >= to)
                throw new ArgumentException($"--from {from:O} is not before --to {to:O}.");

            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            var runner = host.Services.GetRequiredService<CollectionRunner>();
            var request = new CollectionRequest(result.GetValue(Source), result.GetValue(Env), from, to);
            using var printer = new CollectionProgressPrinter(Console.Out, !Console.IsOutputRedirected, TimeProvider.System);
            var summary = await runner.RunOnceAsync(request, new ConsoleProgress(printer), ct);
            printer.Finish();
            if (CliRunner.Verbose)
            {
                foreach (var query in summary.Queries)
                    Console.WriteLine("  query: " + query);
            }
            foreach (var failure in summary.Failures)
                Console.Error.WriteLine("failed: " + failure);
            var language = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpsReport.Core.Configuration.OpsReportOptions>>().Value.Language;
            Console.WriteLine(OpsReport.Core.Text.TextCatalog.Format(language, "cli.collectSummary", summary.Streams, summary.SeriesTouched, summary.PointsWritten, summary.ApiCalls,
                summary.MetricsRequested, (summary.BytesScanned / 1e9).ToString("0.###", CultureInfo.InvariantCulture), ValueFormat.Format((double)summary.EstimatedUsd, "USD"),
                summary.Failures.Count, summary.HeldElsewhere?.Count ?? 0, summary.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)));
            return summary.Failures.Count == 0 ? CliRunner.Ok : CliRunner.Failed;
        }));
        return command;
    }

    private static DateTimeOffset? ParseTime(string? text, string option)
    {
        if (text is null)
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
            return value;
        throw new FormatException($"{option} '{text}' is not an ISO 8601 time; expected e.g. 2026-11-16T00:00Z.");
    }

    /// <summary>The console printer, plus the hook integration tests use to see each committed chunk.</summary>
    private sealed class ConsoleProgress(CollectionProgressPrinter printer) : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value)
        {
            if (!value.Completed)
                CollectionTestHooks.ChunkCommitted();
            printer.Report(value);
        }
    }
}
