using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using OpsReport.Core.Configuration;
using OpsReport.Core.Storage;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli;

/// <summary><c>store copy --to "CONNECTION STRING"</c>: moves the SQLite store of the data folder into PostgreSQL.</summary>
internal static class StoreCommands
{
    private static readonly Option<string> To = new("--to")
    {
        Description = "Npgsql connection string of the target PostgreSQL database, e.g. \"Host=db;Database=opsreport;Username=opsreport;Password=…\".",
        Required = true,
    };

    public static Command Create()
    {
        var store = new Command("store", "Work on the store itself.");
        var copy = new Command("copy", "Copy the SQLite store of the data folder into a PostgreSQL database (repeatable: rows already there are updated, not doubled).");
        copy.Options.Add(To);
        copy.SetAction((result, ct) => CliRunner.RunAsync(async () =>
        {
            var to = result.GetValue(To)!;
            var errors = StoreOptionsValidator.Errors(new StoreOptions { Provider = "Postgres", ConnectionString = to }, "--to").ToList();
            if (errors.Count > 0)
                throw new ArgumentException(errors[0].Replace("--to:ConnectionString: ", "--to: ", StringComparison.Ordinal));

            using var host = OpsReportHost.BuildCli(OpsReportCli.Settings(result));
            var options = host.Services.GetRequiredService<IOptions<OpsReportOptions>>().Value;
            var path = Path.GetFullPath(Path.Combine(options.DataDir, "opsreport.db"));
            if (!File.Exists(path))
                throw new FileNotFoundException($"{path}: no SQLite store here to copy; pass --data-dir with the folder that holds opsreport.db.");

            var source = new SqliteMetricStore(path);
            await source.InitializeAsync(ct);
            await using var target = new PostgresMetricStore(to, options.Store.InstanceName);
            try
            {
                await target.InitializeAsync(ct);
            }
            catch (NpgsqlException e)
            {
                // Npgsql's messages name host and user but never the password.
                throw new InvalidOperationException($"--to: cannot reach or prepare the PostgreSQL database {target.Location}: {e.Message}", e);
            }
            Console.WriteLine($"store copy: {await source.DescribeAsync(ct)} → {await target.DescribeAsync(ct)}");
            var started = System.Diagnostics.Stopwatch.StartNew();
            await StoreCopier.CopyAsync(source, target, new Progress(), ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store copy: done in {started.Elapsed.TotalSeconds:0.0} s; set OpsReport:Store:Provider=Postgres and OpsReport__Store__ConnectionString to use it."));
            return CliRunner.Ok;
        }));
        store.Subcommands.Add(copy);
        return store;
    }

    /// <summary>Prints each table as it is done (synchronously: Progress&lt;T&gt; would post to the thread pool out of order).</summary>
    private sealed class Progress : IProgress<TableCopy>
    {
        public void Report(TableCopy value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {value.Table,-11} {value.Copied,12:N0} rows copied, {value.TargetRows,12:N0} in the target"));
    }
}
