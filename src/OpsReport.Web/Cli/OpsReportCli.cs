using System.CommandLine;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli;

/// <summary>The command line: <c>serve</c> (default), <c>collect</c>, <c>analyze</c>, <c>report render|send</c>, <c>check</c>, <c>store copy</c>.</summary>
internal static class OpsReportCli
{
    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Data folder: SQLite store, rendered reports, email pickup folder (default ./data).",
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "An extra JSON settings file layered over appsettings.json (same 'OpsReport' section).",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show framework logs.",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("OpsReport: the daily monitoring view of a SaaS product on AWS and Datadog, for PMs and customer success.");
        root.Options.Add(DataDir);
        root.Options.Add(Config);
        root.Options.Add(Verbose);

        var serve = ServeCommand.Create();
        root.Subcommands.Add(serve);
        root.Subcommands.Add(CollectCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(ReportCommands.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(StoreCommands.Create());
        root.Subcommands.Add(TokenCommands.Create());

        // No command at all means serve, so `dotnet run --project src/OpsReport.Web` starts the dashboard.
        // Unmatched tokens (host arguments such as --environment from test hosts) are passed on to the web host.
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((result, ct) => ServeCommand.RunAsync(result, [.. result.UnmatchedTokens], ct));

        var parsed = root.Parse(args);
        CliRunner.Verbose = parsed.GetValue(Verbose);
        return await parsed.InvokeAsync();
    }

    public static CliSettings Settings(ParseResult result, string? urls = null) =>
        new(result.GetValue(DataDir), result.GetValue(Config), urls, result.GetValue(Verbose));
}
