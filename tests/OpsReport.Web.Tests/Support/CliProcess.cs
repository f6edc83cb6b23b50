using System.Diagnostics;

namespace OpsReport.Web.Tests.Support;

/// <summary>Runs the real OpsReport executable (the built OpsReport.dll) as a separate process, as a user would.</summary>
internal sealed class CliProcess
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "OpsReport.dll");

    private readonly Dictionary<string, string> _environment = new()
    {
        ["OpsReport__DashboardsDir"] = RepositoryPaths.Dashboards,
        ["DOTNET_NOLOGO"] = "1",
    };

    public CliProcess(string workingDirectory) => WorkingDirectory = workingDirectory;

    public string WorkingDirectory { get; }

    public CliProcess With(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in _environment)
            info.Environment[name] = value;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var process = Start(args);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"OpsReport {string.Join(' ', args)} did not finish in 3 minutes.");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>Exit code and output of one CLI run.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
