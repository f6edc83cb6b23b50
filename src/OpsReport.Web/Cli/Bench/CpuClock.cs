using System.Diagnostics;

namespace OpsReport.Web.Cli.Bench;

/// <summary>Wall and process CPU time of a bench phase: on a shared machine the CPU time says what the phase itself cost.</summary>
internal sealed class CpuClock
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TimeSpan _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;

    public static CpuClock Start() => new();

    public (TimeSpan Wall, TimeSpan Cpu) Stop() =>
        (Stopwatch.GetElapsedTime(_start), Process.GetCurrentProcess().TotalProcessorTime - _cpuStart);
}
