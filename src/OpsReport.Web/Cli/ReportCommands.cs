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
    private static readonly Option<string?> Period = new("--period") { Description = "ISO week such as 2026-W47 (default: the previous complete week in the configured zone)." };
    private static readonly Option<string?> Tenant = new("--tenant") { Description = "Tenant id for a per-tenant variant." };
    private static readonly Option<string?> Lang = new("--lang") { Description = "ja or en (default: the definition's, then OpsReport:Language)." };
    private static readonly Option<string> Out = new("--out") { Description = "PDF file to write.", Required = true };
    private static readonly Option<bool> Force = new("--force") { Description = "Send even if this report and period was already sent." };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Render and compose, but deliver and record nothing." };

    public static Command Create()
    {
        var report = new Command("report", "Render or send a report defined in dashboards/.");

        var render = new Command("render", "Render a report to a PDF file.");
        foreach (var option in new Option[] { Report, Env, Period, Tenant, Lang, Out })
            render.Options.Add(option);
        render.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            var renderer = host.Services.GetRequiredService<ReportRenderer>();
            var file = await renderer.RenderToFileAsync(Request(result), result.GetValue(Out)!, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"report render: {file.Path} · {file.Environment} {file.Period} · {file.PageCount} pages · {file.SizeBytes / 1024.0:0} KB · {file.Elapsed.TotalMilliseconds:0} ms"));
            return CliRunner.Ok;
        }));

        var send = new Command("send", "Render a report and deliver it by email (once per report, period and recipients unless --force).");
        foreach (var option in new Option[] { Report, Env, Period, Tenant, Lang, Force, DryRun })
            send.Options.Add(option);
        send.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            var sender = host.Services.GetRequiredService<ReportSender>();
            var outcome = await sender.SendAsync(Request(result), result.GetValue(Force), result.GetValue(DryRun), ct);
            Console.WriteLine("report send: " + outcome.Message);
            return outcome.Status switch
            {
                SendStatus.Sent or SendStatus.DryRun => CliRunner.Ok,
                SendStatus.AlreadySent => CliRunner.Ok,
                _ => CliRunner.Failed,
            };
        }));

        report.Subcommands.Add(render);
        report.Subcommands.Add(send);
        return report;
    }

    private static ReportRequest Request(ParseResult result) =>
        new(result.GetValue(Report)!, result.GetValue(Env), result.GetValue(Period), result.GetValue(Tenant), result.GetValue(Lang));
}
