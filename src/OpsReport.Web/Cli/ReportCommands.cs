using OpsReport.Core.Text;
using System.CommandLine;
using System.Globalization;
using OpsReport.Reports;
using OpsReport.Reports.Outbox;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli;

/// <summary><c>report render</c> and <c>report send</c>.</summary>
internal static class ReportCommands
{
    private static readonly Option<string> Report = new("--report") { Description = "Report definition name in dashboards/ (e.g. weekly).", Required = true };
    private static readonly Option<string?> Env = new("--env") { Description = "Environment (default: the first the definition lists)." };
    private static readonly Option<string?> Period = new("--period")
    {
        Description = "ISO week (2026-W47), date (2026-11-21) or date range (2026-11-16..2026-11-20); default: the previous complete week (or day) in the report's zone.",
    };
    private static readonly Option<string?> Tenant = new("--tenant") { Description = "Tenant id for a per-tenant variant (send: default every tenant the definition scopes)." };
    private static readonly Option<string?> Lang = new("--lang") { Description = "ja or en (default: the definition's, then OpsReport:Language)." };
    private static readonly Option<string?> RenderOut = new("--out") { Description = "PDF file to write (required unless --dry-run)." };
    private static readonly Option<string?> SendOut = new("--out") { Description = "Also save the PDF that was sent (per tenant: the tenant id is added to the name)." };
    private static readonly Option<bool> RenderForce = new("--force") { Description = "Render even when the period has no data at all (the PDF then says so)." };
    private static readonly Option<bool> SendForce = new("--force") { Description = "Send even if this report, period and recipients was already sent." };
    private static readonly Option<bool> RenderDryRun = new("--dry-run") { Description = "Build and render, but write nothing." };
    private static readonly Option<bool> SendDryRun = new("--dry-run") { Description = "Render and compose, but deliver and record nothing." };

    public static Command Create()
    {
        var report = new Command("report", "Render or send a report defined in dashboards/.");

        var render = new Command("render", "Render a report to a PDF file.");
        foreach (var option in new Option[] { Report, Env, Period, Tenant, Lang, RenderOut, RenderForce, RenderDryRun })
            render.Options.Add(option);
        render.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            var dryRun = result.GetValue(RenderDryRun);
            var outPath = result.GetValue(RenderOut);
            if (string.IsNullOrWhiteSpace(outPath) && !dryRun)
                throw new ArgumentException("--out is required: the PDF file to write (or use --dry-run).");
            ReportRenderer.WarmUp();
            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            StartupPhases.Mark("host built");
            var renderer = host.Services.GetRequiredService<ReportRenderer>();
            StartupPhases.Mark("renderer resolved");
            var rendered = await renderer.RenderAsync(Request(result), ct);
            StartupPhases.Mark("report built and rendered");
            var document = rendered.Document;
            var language = document.Language;
            var what = $"{document.Environment.Name} {document.Period.Name}" + (document.Tenant is { } t ? " " + t.Id : "");
            if (!document.HasData && !result.GetValue(RenderForce))
            {
                Console.Error.WriteLine(TextCatalog.Format(language, "cli.renderNoData", what));
                return CliRunner.Failed;
            }
            var incomplete = document.IsIncomplete ? TextCatalog.Format(language, "cli.renderIncomplete", document.DataWarnings.Count) : document.IsPartial ? TextCatalog.Get(language, "cli.renderPartial") : "";
            var size = TextCatalog.Format(language, "cli.renderSize", rendered.PageCount, (rendered.Pdf.LongLength / 1024.0).ToString("0", CultureInfo.InvariantCulture), rendered.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture));
            if (dryRun)
            {
                Console.WriteLine(TextCatalog.Format(language, "cli.renderDryRun", what, size, incomplete));
                return CliRunner.Ok;
            }
            var file = await ReportRenderer.WriteAsync(rendered, outPath!, ct);
            Console.WriteLine(TextCatalog.Format(language, "cli.renderWritten", file.Path, what, size, incomplete));
            StartupPhases.Mark("written");
            return CliRunner.Ok;
        }));

        var send = new Command("send", "Render a report and deliver it by email (once per report, period and recipients unless --force).");
        foreach (var option in new Option[] { Report, Env, Period, Tenant, Lang, SendOut, SendForce, SendDryRun })
            send.Options.Add(option);
        send.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            ReportRenderer.WarmUp();
            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            var sender = host.Services.GetRequiredService<ReportSender>();
            var language = host.Services.GetRequiredService<WeeklyReportBuilder>().Resolve(Request(result)).Language;
            var outcomes = await sender.SendAllAsync(Request(result), result.GetValue(SendForce), result.GetValue(SendDryRun), ct);
            var outPath = result.GetValue(SendOut);
            foreach (var outcome in outcomes)
            {
                if (!string.IsNullOrWhiteSpace(outPath) && outcome.Pdf is { } pdf)
                {
                    var path = outcomes.Count == 1 ? outPath : Path.ChangeExtension(outPath, null) + "-" + outcome.Tenant + ".pdf";
                    Console.WriteLine(TextCatalog.Format(language, "sender.cliSaved", await ReportRenderer.WriteBytesAsync(pdf, path, ct)));
                }
                Console.WriteLine("report send: " + outcome.Message);
            }
            if (outcomes.Count > 1)
            {
                var counts = outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => TextCatalog.Format(language, "sender.cliStatus." + g.Key, g.Count()));
                Console.WriteLine(TextCatalog.Format(language, "sender.cliCounts", outcomes.Count, string.Join(", ", counts)));
            }
            return outcomes.All(o => o.IsSuccess) ? CliRunner.Ok : CliRunner.Failed;
        }));

        report.Subcommands.Add(render);
        report.Subcommands.Add(send);
        return report;
    }

    private static ReportRequest Request(ParseResult result) =>
        new(result.GetValue(Report)!, result.GetValue(Env), result.GetValue(Period), result.GetValue(Tenant), result.GetValue(Lang));
}
