using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpsReport.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server on loopback, started once per test process from the installed server binaries (Debian's
/// <c>postgresql</c> package: /usr/lib/postgresql/N/bin) in a temporary folder, and stopped when the process exits. initdb
/// refuses to run as root, so as root the cluster belongs to the <c>postgres</c> user. Each test takes a fresh database.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly bool _asPostgresUser;

    private PostgresServer(string bin, string root, bool asPostgresUser, int port)
    {
        _bin = bin;
        _root = root;
        _data = Path.Combine(root, "data");
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    /// <summary>The server of this test process, started on first use.</summary>
    public static PostgresServer Shared => Instance.Value;

    public int Port { get; }

    /// <summary>A connection string to the server's maintenance database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Database = database, Username = "postgres", Password = "not-a-secret", Pooling = true }.ToString();

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await cmd.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>One scalar from a database, for tests that look at the tables directly.</summary>
    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static PostgresServer Start()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin or on PATH; install the Debian package 'postgresql' (.ci/test.sh does).");
        RemoveStoppedClusters();
        var root = Path.Combine(Path.GetTempPath(), "opsreport-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var asPostgresUser = Environment.UserName == "root";
        var server = new PostgresServer(bin, root, asPostgresUser, FreePort());
        if (asPostgresUser)
            Run("chown", $"postgres:postgres {root}", asPostgres: false);
        server.RunTool("initdb", $"-D {server._data} -U postgres -A trust -E UTF8 --locale=C --no-sync");
        // fsync off: a test cluster loses nothing that matters on a crash, and 2 shared cores are better spent on tests.
        server.RunTool("pg_ctl", $"-D {server._data} -l {Path.Combine(root, "server.log")} -w -t 60 -o \"-p {server.Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200\" start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        server.StopWhenThisProcessIsGone();
        return server;
    }

    /// <summary>
    /// The test host can be ended before <c>ProcessExit</c> runs, which left clusters running. A detached watchdog
    /// (<c>setsid -f</c>, so ending the test host's process tree does not end it) stops the cluster and removes its
    /// folder once this process is gone.
    /// </summary>
    private void StopWhenThisProcessIsGone()
    {
        var pgCtl = Path.Combine(_bin, "pg_ctl");
        var stop = (_asPostgresUser ? "runuser -u postgres -- " : "") + $"{pgCtl} -D {_data} -m immediate -w stop";
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 2; done; {stop} >/dev/null 2>&1; rm -rf {_root}";
        var start = new ProcessStartInfo("setsid", ["-f", "sh", "-c", script]) { UseShellExecute = false };
        using var watchdog = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start the PostgreSQL watchdog.");
        watchdog.WaitForExit();
    }

    private void Stop()
    {
        try
        {
            RunTool("pg_ctl", $"-D {_data} -m immediate -w stop");
        }
        finally
        {
            if (Directory.Exists(_root))
                Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Folders of earlier test processes whose exit came before their clean-up (the test host may be ended first).</summary>
    private static void RemoveStoppedClusters()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "opsreport-pg-*"))
        {
            // A young folder may be a cluster another test process is still creating.
            if (File.Exists(Path.Combine(dir, "data", "postmaster.pid")) || Directory.GetCreationTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-30))
                continue;
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Another test process is creating it right now.
            }
        }
    }

    private void RunTool(string tool, string arguments) => Run(Path.Combine(_bin, tool), arguments, _asPostgresUser);

    private static void Run(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in 2 minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
    }

    private static string? FindBinaries()
    {
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null)
                return newest;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
