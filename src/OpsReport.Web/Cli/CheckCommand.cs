using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using OpsReport.Collectors.Sources;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli;

/// <summary><c>check</c>: validates configuration and dashboards, then prints what is configured and what is missing.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var command = new Command("check", "Validate configuration and dashboard files; print what is configured and what is missing. Exits non-zero on errors.");
        command.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            var errors = 0;
            var warnings = 0;

            OpsReportOptions options;
            try
            {
                options = host.Services.GetRequiredService<IOptions<OpsReportOptions>>().Value;
                Console.WriteLine($"ok    configuration: zone {options.TimeZone}, language {options.Language}, data {Path.GetFullPath(options.DataDir)}");
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures)
                    Console.WriteLine("error " + failure);
                Console.WriteLine($"check: {e.Failures.Count()} configuration error(s); dashboards and sources not checked.");
                return CliRunner.UserError;
            }

            try
            {
                var dashboards = host.Services.GetRequiredService<DashboardCatalog>();
                foreach (var d in dashboards.All)
                    Console.WriteLine($"ok    {d.SourceFile}: '{d.Name}' with {d.Panels.Count} panels");
                foreach (var required in new[] { "standup", "weekly" })
                {
                    if (dashboards.Find(required) is null)
                    {
                        Console.WriteLine($"error {dashboards.Directory}: no definition named '{required}' (expected {required}.yaml).");
                        errors++;
                    }
                }
            }
            catch (DefinitionException e)
            {
                Console.WriteLine("error " + e.Message);
                errors++;
            }
            try
            {
                var slos = OpsReport.Core.Slos.SloLoader.LoadFile(OpsReport.Core.Slos.SloReader.FilePath(host.Services.GetRequiredService<IOptions<OpsReportOptions>>().Value),
                    host.Services.GetRequiredService<EnvironmentCatalog>().All.Select(e => e.Name).ToList());
                if (slos.Count > 0)
                    Console.WriteLine($"ok    {slos[0].SourceFile}: {slos.Count} SLOs");
            }
            catch (DefinitionException e)
            {
                Console.WriteLine("error " + e.Message);
                errors++;
            }

            var catalog = host.Services.GetRequiredService<EnvironmentCatalog>();
            var sources = host.Services.GetServices<ISource>().ToList();
            var store = host.Services.GetRequiredService<IMetricStore>();
            Console.WriteLine($"ok    store: {await store.DescribeAsync(ct)}");
            var watermarks = await store.GetWatermarksAsync(ct);
            var runs = await store.GetRunsAsync(null, 500, ct);
            foreach (var env in catalog.All)
            {
                var streams = sources.SelectMany(s => s.GetStreams(env.Name)).ToList();
                var kind = env.IsDemo ? "demo data" : env.IsProduction ? "production" : "environment";
                if (streams.Count == 0)
                {
                    Console.WriteLine($"warn  env {env.Name} ({kind}): no source collects it; configure Aws or Datadog for it.");
                    warnings++;
                    continue;
                }
                foreach (var stream in streams)
                {
                    var last = runs.FirstOrDefault(r => r.Source == stream.Source && r.Environment == stream.Environment && r.Stream == stream.Name);
                    var collected = watermarks.TryGetValue(stream.Id, out var until)
                        ? "collected until " + until.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)
                        : "not collected yet (run `collect` or start `serve`)";
                    if (last?.Status == RunStatus.Failed)
                    {
                        Console.WriteLine($"warn  env {env.Name} ({kind}) {stream.Source}/{stream.Name}: last run failed: {last.Error}");
                        warnings++;
                    }
                    else
                    {
                        Console.WriteLine($"ok    env {env.Name} ({kind}) {stream.Source}/{stream.Name}: {collected}");
                    }
                }
            }

            foreach (var check in host.Services.GetServices<ISourceCheck>())
            {
                foreach (var env in catalog.All)
                {
                    foreach (var line in await check.CheckAsync(env.Name, ct))
                    {
                        Console.WriteLine(line.Level switch { CheckLevel.Ok => "ok    ", CheckLevel.Warning => "warn  ", _ => "error " } + line.Text);
                        if (line.Level == CheckLevel.Error)
                            errors++;
                        else if (line.Level == CheckLevel.Warning)
                            warnings++;
                    }
                }
            }

            var email = options.Email;
            Console.WriteLine(email.Delivery switch
            {
                "Pickup" => $"ok    email: pickup folder {Path.GetFullPath(Path.Combine(options.DataDir, email.PickupDirectory))} (no mail is sent)",
                "Smtp" => $"ok    email: SMTP {email.Smtp.Host}:{email.Smtp.Port}{(email.Smtp.StartTls ? " STARTTLS" : "")}{(email.Smtp.UserName is null ? "" : " as " + email.Smtp.UserName)}",
                _ => $"ok    email: {email.Delivery}",
            });

            // Report deliveries that failed for good need a person (errors); those still being retried are warnings.
            foreach (var line in await OpsReport.Reports.Outbox.OutboxHealth.CheckAsync(store, host.Services.GetRequiredService<OpsReport.Core.Time.ZoneCalendar>(), ct))
            {
                Console.WriteLine(line.Level switch { OpsReport.Reports.Outbox.OutboxHealthLevel.Ok => "ok    ", OpsReport.Reports.Outbox.OutboxHealthLevel.Warning => "warn  ", _ => "error " } + line.Text);
                errors += line.Level == OpsReport.Reports.Outbox.OutboxHealthLevel.Error ? 1 : 0;
                warnings += line.Level == OpsReport.Reports.Outbox.OutboxHealthLevel.Warning ? 1 : 0;
            }

            Console.WriteLine($"check: {errors} error(s), {warnings} warning(s), {catalog.All.Count} environment(s), {sources.Count} source(s).");
            return errors == 0 ? CliRunner.Ok : CliRunner.UserError;
        }));
        return command;
    }
}
