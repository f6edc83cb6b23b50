using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpsReport.Reports.Tests.Support;

/// <summary>
/// A real SMTP server on loopback (Debian's python3-aiosmtpd, Tools/flaky_smtp.py) that stores what it receives in a
/// Maildir; it can refuse the first messages (or all of them) with a chosen reply, to prove retries.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _maildir;

    private SmtpSink(Process process, string maildir, int port)
    {
        _process = process;
        _maildir = maildir;
        Port = port;
    }

    public int Port { get; }

    /// <param name="refusals">How many messages to refuse before accepting; -1 refuses every message.</param>
    /// <param name="reply">The refusal, e.g. <c>451 4.3.0 Try again later</c> (transient) or <c>550 5.1.1 No such user</c> (permanent).</param>
    public static async Task<SmtpSink> StartAsync(int refusals = 0, string reply = "451 4.3.0 Try again later")
    {
        var port = FreePort();
        var maildir = Path.Combine(Path.GetTempPath(), "opsreport-smtp-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo(ExternalTool.Python)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var script = Path.Combine(AppContext.BaseDirectory, "Tools", "flaky_smtp.py");
        foreach (var a in new[] { script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), maildir, refusals.ToString(System.Globalization.CultureInfo.InvariantCulture), reply })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start aiosmtpd.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sink = new SmtpSink(process, maildir, port);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return sink;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Every message the server has stored so far.</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            var folder = Path.Combine(_maildir, "new");
            return Directory.Exists(folder) ? Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList() : [];
        }
    }

    /// <summary>The path of the first message the server stored.</summary>
    public async Task<string> WaitForMessageAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var folder = Path.Combine(_maildir, "new");
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(folder) && Directory.GetFiles(folder) is [var file, ..])
                return file;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No message arrived in {folder} within {timeout}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (Directory.Exists(_maildir))
            Directory.Delete(_maildir, recursive: true);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
