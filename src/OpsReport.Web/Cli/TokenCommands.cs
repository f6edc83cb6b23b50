using System.CommandLine;
using System.Globalization;
using OpsReport.Core.Security;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli;

/// <summary><c>token create --name NAME [--role viewer|operator]</c>, <c>token list</c>, <c>token revoke NAME</c>: API tokens for scripts.</summary>
internal static class TokenCommands
{
    public static Command Create()
    {
        var token = new Command("token", "API tokens for scripts and other dashboards (Authorization: Bearer on /api/* and CSV downloads).");

        var name = new Option<string>("--name") { Description = "A name to list and revoke the token by, e.g. grafana.", Required = true };
        var role = new Option<string>("--role") { Description = "viewer (default: read only) or operator (may also send and change).", DefaultValueFactory = _ => "viewer" };
        var create = new Command("create", "Create a token and print it once; only its hash is kept.");
        create.Options.Add(name);
        create.Options.Add(role);
        create.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            var roleText = result.GetValue(role);
            if (!Enum.TryParse<ApiRole>(roleText, ignoreCase: true, out var parsed) || roleText!.Any(char.IsDigit))
                throw new ArgumentException($"--role '{roleText}' is not a role; expected viewer or operator.");
            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            var store = host.Services.GetRequiredService<IApiTokenStore>();
            var text = await store.CreateAsync(result.GetValue(name)!, parsed, host.Services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
            Console.WriteLine(text);
            Console.Error.WriteLine($"token '{result.GetValue(name)}' ({parsed.ToString().ToLowerInvariant()}) created; it is shown only now. Send it as 'Authorization: Bearer <token>'.");
            return CliRunner.Ok;
        }));

        var list = new Command("list", "List tokens by name, role and creation time (never the tokens).");
        list.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            var tokens = await host.Services.GetRequiredService<IApiTokenStore>().ListAsync(ct);
            foreach (var t in tokens)
                Console.WriteLine($"{t.Name,-24} {t.Role.ToString().ToLowerInvariant(),-9} created {t.Created.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"{tokens.Count} token(s).");
            return CliRunner.Ok;
        }));

        var revokeName = new Argument<string>("name") { Description = "The token's name." };
        var revoke = new Command("revoke", "Revoke a token: requests with it are refused from now on.");
        revoke.Arguments.Add(revokeName);
        revoke.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            var revoked = await host.Services.GetRequiredService<IApiTokenStore>().RevokeAsync(result.GetValue(revokeName)!, ct);
            if (!revoked)
                throw new ArgumentException($"no token is named '{result.GetValue(revokeName)}'; `token list` shows the names.");
            Console.WriteLine($"token '{result.GetValue(revokeName)}' revoked.");
            return CliRunner.Ok;
        }));

        token.Subcommands.Add(create);
        token.Subcommands.Add(list);
        token.Subcommands.Add(revoke);
        return token;
    }
}
