using System.Reflection;
using OpsReport.Reports;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Cli.Bench;

/// <summary>
/// <c>bench pdf</c>: <c>report render</c> as a whole process (start-up included) paired, run by run, with Chromium
/// printing the same environment's 7-day overview page to PDF (what Grafana- and Datadog-style reporting does): wall
/// time and peak resident memory of both and their ratio; and the warm render time inside a running server.
/// </summary>
internal static class PdfBench
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <param name="renderWith">Another OpsReport executable to measure (a published build); null for this program.</param>
    public static async Task RunAsync(WebApplication app, CliSettings settings, string report, string env, int runs, string? renderWith, CancellationToken ct)
    {
        if (renderWith is not null && !File.Exists(renderWith))
            throw new ArgumentException($"--render-with {renderWith}: no such file; give the path of an OpsReport executable.");
        var folder = Path.Combine(Path.GetTempPath(), "opsreport-bench-pdf-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            // Warm: the render a running server does for /reports/{name}.pdf, after the first one paid for JIT and fonts.
            var renderer = app.Services.GetRequiredService<ReportRenderer>();
            var request = new ReportRequest(report, env);
            var warm = new List<double>();
            CpuClock? warmCpu = null;
            for (var i = 0; i < 3 + runs; i++)
            {
                if (i == 3)
                    warmCpu = CpuClock.Start();
                var rendered = await renderer.RenderAsync(request, ct);
                if (i >= 3)
                    warm.Add(rendered.Elapsed.TotalMilliseconds);
            }
            var warmCpuMs = warmCpu!.Stop().Cpu.TotalMilliseconds / runs;
            warm.Sort();

            var (self, selfArgs) = renderWith is null ? SelfCommand() : (Path.GetFullPath(renderWith), new List<string>());
            var renderArgs = new List<string>(selfArgs) { "report", "render", "--report", report, "--env", env, "--out", Path.Combine(folder, "report.pdf") };
            if (settings.DataDir is { } dataDir)
                renderArgs.AddRange(["--data-dir", Path.GetFullPath(dataDir)]);
            if (settings.ConfigFile is { } config)
                renderArgs.AddRange(["--config", Path.GetFullPath(config)]);
            var pageUrl = $"{app.Urls.First()}/?env={Uri.EscapeDataString(env)}&range=7d";
            var hasChromium = File.Exists(ChromiumPath);
            var chromiumArgs = new List<string>
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-pdf-header-footer", "--user-data-dir=" + Path.Combine(folder, "chromium"),
                "--print-to-pdf=" + Path.Combine(folder, "page.pdf"), pageUrl,
            };

            var table = new BenchTable("wall ms", "CPU ms", "peak RSS MB", "run");
            var renders = new List<ProcessMeasure>();
            var chromiums = new List<ProcessMeasure>();
            for (var i = 0; i < runs; i++)
            {
                var r = await ProcessMeter.RunAsync(self, renderArgs, Timeout, ct);
                if (r.ExitCode != 0)
                    throw new InvalidOperationException($"report render exited with {r.ExitCode}: {r.Stderr.Trim()}");
                renders.Add(r);
                table.Add(r.Wall.TotalMilliseconds, r.Cpu.TotalMilliseconds, Mb(r.PeakRssBytes), $"report render, whole process ({i + 1})");
                if (hasChromium)
                {
                    var c = await ProcessMeter.RunAsync(ChromiumPath, chromiumArgs, Timeout, ct);
                    if (c.ExitCode != 0 || !File.Exists(Path.Combine(folder, "page.pdf")))
                        throw new InvalidOperationException($"chromium exited with {c.ExitCode} without a PDF: {c.Stderr.Trim().Split('\n')[^1]}");
                    chromiums.Add(c);
                    table.Add(c.Wall.TotalMilliseconds, c.Cpu.TotalMilliseconds, Mb(c.PeakRssBytes), $"chromium --print-to-pdf, process tree ({i + 1})");
                }
            }
            var renderWall = Median(renders.Select(m => m.Wall.TotalMilliseconds));
            var renderRss = Median(renders.Select(m => (double)m.PeakRssBytes));
            table.Add(renderWall, Median(renders.Select(m => m.Cpu.TotalMilliseconds)), Mb((long)renderRss), "report render: median");
            if (hasChromium)
            {
                var chromeWall = Median(chromiums.Select(m => m.Wall.TotalMilliseconds));
                var chromeRss = Median(chromiums.Select(m => (double)m.PeakRssBytes));
                table.Add(chromeWall, Median(chromiums.Select(m => m.Cpu.TotalMilliseconds)), Mb((long)chromeRss), "chromium: median");
                // Ratios of the paired runs (each render against the Chromium run right after it), then their median.
                var wallRatio = Median(renders.Zip(chromiums, (r, c) => r.Wall / c.Wall));
                var rssRatio = Median(renders.Zip(chromiums, (r, c) => r.PeakRssBytes / (double)c.PeakRssBytes));
                var cpuRatio = Median(renders.Zip(chromiums, (r, c) => r.Cpu / c.Cpu));
                table.Add(wallRatio, cpuRatio, rssRatio, "ratio render/chromium (median of pairs; targets ≤ 0.25 wall, ≤ 0.40 memory)");
            }
            table.Add(Median(warm), warmCpuMs, null, "warm render inside the server: median; CPU: this process per render (budget < 100 ms)");
            Console.WriteLine($"bench pdf: {report} report of {env} rendered by {string.Join(' ', [self, .. selfArgs])} ({Compilation(self, selfArgs)}); chromium prints {pageUrl}{(hasChromium ? "" : $" — {ChromiumPath} not found, render only")}");
            table.WriteTo(Console.Out);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }

    /// <summary>How to start this program again: the apphost itself, or <c>dotnet OpsReport.dll</c>.</summary>
    private static (string File, List<string> Args) SelfCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown.");
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.Ordinal)
            ? (process, [Assembly.GetEntryAssembly()!.Location])
            : (process, []);
    }

    /// <summary>
    /// How the measured program's code is compiled: precompiled (ReadyToRun, what the published binary and the Dockerfile
    /// ship; composite when the framework is compiled together with the app, so that the framework's generic code over
    /// OpsReport's types is precompiled too) or by the JIT as it runs (a plain build), and whether it carries its own
    /// runtime (self-contained). Start-up differs by a third or more between these, so the table says which.
    /// </summary>
    private static string Compilation(string file, List<string> args)
    {
        var assembly = args.Count > 0 ? args[0] : Path.ChangeExtension(file, ".dll");
        try
        {
            using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
            var header = pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory;
            if (header is not { Size: >= ReadyToRunFlagsOffset + sizeof(uint) } native)
                return "JIT, not ReadyToRun: production runs the published binary, measure it with --render-with";
            // READYTORUN_HEADER: signature, major and minor version, then the flags.
            var reader = pe.GetSectionData(native.RelativeVirtualAddress).GetReader();
            reader.Offset = ReadyToRunFlagsOffset;
            var flags = reader.ReadUInt32();
            var kind = (flags & ReadyToRunComponent) != 0 ? "ReadyToRun composite"
                : (flags & ReadyToRunUnrelatedCode) != 0 ? "ReadyToRun with cross-module generics"
                : "ReadyToRun";
            var folder = Path.GetDirectoryName(Path.GetFullPath(assembly))!;
            return kind + (File.Exists(Path.Combine(folder, "libcoreclr.so")) ? ", self-contained" : ", framework-dependent");
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return "compilation unknown: " + e.Message;
        }
    }

    private const int ReadyToRunFlagsOffset = 8;
    private const uint ReadyToRunComponent = 0x20;
    private const uint ReadyToRunUnrelatedCode = 0x80;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(sorted.Count - 1) / 2];
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);
}
