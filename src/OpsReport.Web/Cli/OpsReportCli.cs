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
        StartupPhases.Mark("runtime started, Main entered");
        var root = new RootCommand("OpsReport: the daily monitoring view of a SaaS product on AWS and Datadog, for PMs and customer success.");
        root.Options.Add(DataDir);
        root.Options.Add(Config);
        root.Options.Add(Verbose);

        foreach (var command in Commands(args))
            root.Subcommands.Add(command);

        // No command at all means serve, so `dotnet run --project src/OpsReport.Web` starts the dashboard.
        // Unmatched tokens (host arguments such as --environment from test hosts) are passed on to the web host.
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((result, ct) => ServeCommand.RunAsync(result, [.. result.UnmatchedTokens], ct));

        var parsed = root.Parse(args);
        StartupPhases.Mark("command line parsed");
        CliRunner.Verbose = parsed.GetValue(Verbose);
        return await parsed.InvokeAsync();
    }

    private static readonly (string Name, Func<Command> Create)[] AllCommands =
    [
        ("serve", ServeCommand.Create), ("collect", CollectCommand.Create), ("analyze", AnalyzeCommand.Create),
        ("report", ReportCommands.Create), ("check", CheckCommand.Create), ("bench", BenchCommand.Create),
        ("store", StoreCommands.Create), ("token", TokenCommands.Create),
    ];

    /// <summary>
    /// Only the command named first is built when it is one (a <c>report render</c> process does not construct the
    /// options and handlers of the other commands: start-up time); otherwise every command, for help and for serve.
    /// </summary>
    private static IEnumerable<Command> Commands(string[] args)
    {
        var named = args.Length > 0 ? Array.Find(AllCommands, c => c.Name == args[0]) : default;
        return named.Create is not null ? [named.Create()] : AllCommands.Select(c => c.Create());
    }

    public static CliSettings Settings(ParseResult result, string? urls = null) =>
        new(result.GetValue(DataDir), result.GetValue(Config), urls, result.GetValue(Verbose));
}
