using System.Diagnostics;
using System.Globalization;

namespace OpsReport.Web.Cli.Bench;

/// <summary>
/// Runs a child process to its end and measures its wall time and the peak resident memory of it and all its descendants
/// (Chromium is a tree of processes): the sum of their <c>VmRSS</c> sampled every 10 ms from <c>/proc</c>, and for the
/// root its own <c>VmHWM</c> high-water mark, which no sampling misses. Linux only.
/// </summary>
internal static class ProcessMeter
{
    public static async Task<ProcessMeasure> RunAsync(string file, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        var cpuBefore = ReapedChildrenCpu();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        long peak = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (!process.HasExited)
        {
            peak = Math.Max(peak, TreeResidentBytes(process.Id));
            try
            {
                await Task.WhenAny(process.WaitForExitAsync(deadline.Token), Task.Delay(10, deadline.Token));
            }
            catch (OperationCanceledException)
            {
                // Checked below.
            }
            if (deadline.IsCancellationRequested && !process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {timeout.TotalSeconds:0} s.");
            }
        }
        await process.WaitForExitAsync(ct);
        watch.Stop();
        return new ProcessMeasure(watch.Elapsed, peak, process.ExitCode, await stdout, await stderr) { Cpu = ReapedChildrenCpu() - cpuBefore };
    }

    /// <summary>VmRSS summed over the process and its descendants; the root counts at least its own high-water mark.</summary>
    private static long TreeResidentBytes(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            var parent = ParentOf(dir);
            if (parent is { } p)
            {
                if (!children.TryGetValue(p, out var list))
                    children[p] = list = [];
                list.Add(pid);
            }
        }
        long total = 0;
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            var (rss, hwm) = Memory(pid);
            total += pid == root ? Math.Max(rss, hwm) : rss;
            if (children.TryGetValue(pid, out var list))
                list.ForEach(pending.Push);
        }
        return total;
    }

    /// <summary>
    /// CPU time (user + system) of this process's children that have exited and been waited for (cutime + cstime of
    /// /proc/self/stat): a measured process, and through it every descendant it waited for, once it has exited. Unlike
    /// wall time, what the load of a shared machine does not inflate much.
    /// </summary>
    private static TimeSpan ReapedChildrenCpu()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 16 and 17 of stat (cutime, cstime), counted from field 3 (state) after the command name; USER_HZ is 100.
        var ticks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static int? ParentOf(string dir)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static (long Rss, long Hwm) Memory(int pid)
    {
        long rss = 0, hwm = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    rss = Kb(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    hwm = Kb(line);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended between listing and reading.
        }
        return (rss, hwm);
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

/// <summary>One measured child process run.</summary>
internal sealed record ProcessMeasure(TimeSpan Wall, long PeakRssBytes, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>CPU time of the process and the descendants it waited for.</summary>
    public TimeSpan Cpu { get; init; }
}
