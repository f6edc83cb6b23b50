using System.CommandLine;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli;

/// <summary><c>serve [--urls URL]</c>: the dashboard with background collection.</summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Urls = new("--urls") { Description = "Listen address(es), default http://localhost:5080." };

    public static Command Create()
    {
        var command = new Command("serve", "Serve the dashboard (default when no command is given) and collect in the background.");
        command.Options.Add(Urls);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunAsync(result, [.. result.UnmatchedTokens], ct));
        return command;
    }

    public static Task<int> RunAsync(ParseResult result, string[] hostArgs, CancellationToken ct) => CliRunner.RunAsync(async () =>
    {
        var urls = result.GetValue(Urls);
        var app = OpsReportHost.BuildWeb(hostArgs, OpsReportCli.Settings(result, urls));
        // Fail fast with a clear message on bad config or dashboard files, before the first request.
        var options = app.Services.GetRequiredService<IOptions<OpsReportOptions>>().Value;
        var dashboards = app.Services.GetRequiredService<DashboardCatalog>();
        app.Services.GetRequiredService<OpsReport.Core.Slos.ISloReader>();
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            var address = urls ?? app.Configuration["urls"] ?? OpsReportHost.DefaultUrl;
            Console.Error.WriteLine($"error: {address} is already in use by another program; stop it, or serve on another address with --urls (e.g. --urls http://localhost:5081).");
            return CliRunner.UserError;
        }
        if (BindingGuard.Refusal(app.Urls, options.Auth) is { } refusal)
        {
            await app.StopAsync(CancellationToken.None);
            throw new InvalidOperationException(refusal);
        }
        Console.WriteLine($"OpsReport serving {string.Join(", ", app.Urls)} · data {Path.GetFullPath(options.DataDir)} · {dashboards.All.Count} definitions · zone {options.TimeZone}");
        await app.WaitForShutdownAsync(ct);
        Console.WriteLine("OpsReport stopped.");
        return CliRunner.Ok;
    });
}
