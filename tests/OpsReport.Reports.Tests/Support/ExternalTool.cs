using System.Diagnostics;
using System.Text;

namespace OpsReport.Reports.Tests.Support;

/// <summary>Runs a command-line tool (poppler, python3) and returns its output; a non-zero exit fails the test with stderr.</summary>
public static class ExternalTool
{
    public static string Run(string fileName, params string[] arguments) => RunWithErrors(fileName, arguments).Output;

    /// <summary>Runs the tool and returns stdout and stderr (poppler reports damaged PDFs on stderr with exit code 0).</summary>
    public static (string Output, string Errors) RunWithErrors(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in 60 s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
        return (stdout.Result, stderr.Result);
    }

    /// <summary>Debian's interpreter (it has python3-aiosmtpd); any python3 works for the standard library.</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}
