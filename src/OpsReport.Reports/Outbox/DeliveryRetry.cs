using MailKit.Net.Smtp;
using MailKit.Security;
using OpsReport.Core.Email;

namespace OpsReport.Reports.Outbox;

/// <summary>
/// When a failed delivery is tried again: after 5, 10, 20, 40 and 80 minutes, then it is given up (about 2.5 hours in all,
/// long enough for a relay restart or a late collection). Errors that no retry can fix are given up at once.
/// </summary>
public static class DeliveryRetry
{
    public const int MaxAttempts = 6;

    public static readonly TimeSpan FirstDelay = TimeSpan.FromMinutes(5);

    /// <summary>A delivery claimed this long ago and still not finished was interrupted (the process stopped while sending).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(30);

    /// <summary>The wait after the given attempt failed.</summary>
    public static TimeSpan DelayAfter(int attempt) => FirstDelay * Math.Pow(2, Math.Clamp(attempt - 1, 0, 10));

    /// <summary>
    /// True when retrying cannot help: the server refused for good (5xx), the credentials or the relay's certificate were
    /// rejected, the delivery is not configured or not available.
    /// </summary>
    public static bool IsPermanent(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            RawEmailException raw => raw.Permanent,
            SmtpCommandException smtp => IsPermanentCode(smtp.StatusCode),
            AuthenticationException or SslHandshakeException => true,
            NotSupportedException or InvalidOperationException or FormatException => true,
            _ => false,
        };
    }

    // SMTP: 4xx is "try again later", 5xx is "do not". A dropped connection is not a command reply and is retried.
    private static bool IsPermanentCode(SmtpStatusCode code) => (int)code is >= 500 and < 600;
}
