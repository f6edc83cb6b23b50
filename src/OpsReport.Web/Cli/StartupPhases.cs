using System.Diagnostics;
using System.Globalization;

namespace OpsReport.Web.Cli;

/// <summary>
/// Where a CLI process spends its start-up, printed to stderr when <c>OPSREPORT_PHASES=1</c>: at each mark the wall
/// milliseconds since the process started (runtime start-up is the first mark's figure) and since the mark before, the
/// process's CPU milliseconds, and how many methods the JIT compiled so far (what ReadyToRun did not precompile).
/// Off by default, and then free.
/// </summary>
internal static class StartupPhases
{
    public const string EnvironmentVariable = "OPSREPORT_PHASES";

    private static readonly bool Enabled = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";
    private static long _last;

    /// <summary>Prints the time since the process started and since the previous mark.</summary>
    public static void Mark(string phase)
    {
        if (!Enabled)
            return;
        var now = Stopwatch.GetTimestamp();
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var sincePrevious = _last == 0 ? sinceStart : Stopwatch.GetElapsedTime(_last, now);
        _last = now;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phase {sinceStart.TotalMilliseconds,7:0.0} ms (+{sincePrevious.TotalMilliseconds,6:0.0})  CPU {cpu.TotalMilliseconds,6:0} ms  JIT {System.Runtime.JitInfo.GetCompiledMethodCount(),5} methods {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,5:0} ms  {phase}"));
    }
}
