using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpsReport.Reports.Tests.Support;

/// <summary>
/// A real SMTP server on loopback (Debian's python3-aiosmtpd, Tools/flaky_smtp.py) that stores what it receives in a
/// Maildir; it can refuse the first messages (or all of them) with a chosen reply, to prove retries, and speak STARTTLS or
/// implicit TLS with a given certificate and ask for AUTH.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _maildir;
    private readonly ConcurrentQueue<string> _output = new();

    private SmtpSink(Process process, string maildir, int port)
    {
        _process = process;
        _maildir = maildir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What the server printed: <c>accepted N tls=True auth=USER</c> per stored message, <c>auth PLAIN ok|refused</c> per login.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <param name="refusals">How many messages to refuse before accepting; -1 refuses every message.</param>
    /// <param name="reply">The refusal, e.g. <c>451 4.3.0 Try again later</c> (transient) or <c>550 5.1.1 No such user</c> (permanent).</param>
    /// <param name="tls"><c>starttls</c> (offered and required) or <c>implicit</c> (TLS from the first byte), with <paramref name="certificate"/>.</param>
    /// <param name="certificate">PEM certificate and key files for TLS.</param>
    /// <param name="login">User name and password the server requires (AUTH).</param>
    public static async Task<SmtpSink> StartAsync(int refusals = 0, string reply = "451 4.3.0 Try again later", string? tls = null,
        (string CertificatePem, string KeyPem)? certificate = null, (string User, string Password)? login = null)
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
        if (tls is not null && certificate is { } pem)
        {
            foreach (var a in new[] { "--tls", tls, "--cert", pem.CertificatePem, "--key", pem.KeyPem })
                info.ArgumentList.Add(a);
        }
        if (login is { } l)
        {
            foreach (var a in new[] { "--user", l.User, "--password", l.Password })
                info.ArgumentList.Add(a);
        }
        var process = new Process { StartInfo = info };
        var sink = new SmtpSink(process, maildir, port);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                sink._output.Enqueue(e.Data);
        };
        if (!process.Start())
            throw new InvalidOperationException("Could not start aiosmtpd.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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

    /// <summary>The first line the server printed that starts with <paramref name="prefix"/> (its output is read asynchronously).</summary>
    public async Task<string> WaitForOutputAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_output.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
                return line;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The SMTP server printed no line starting '{prefix}' within {timeout}; it printed: {string.Join(" | ", _output)}");
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
