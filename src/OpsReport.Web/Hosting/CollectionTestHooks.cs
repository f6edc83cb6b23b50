using System.Diagnostics;
using System.Globalization;

namespace OpsReport.Web.Hosting;

/// <summary>
/// Deterministic interruptions for the end-to-end tests, read from the environment: the real executable is the thing under
/// test, so a test cannot reach inside it. Unset (always, outside tests), they do nothing.
/// </summary>
internal static class CollectionTestHooks
{
    /// <summary>After this many committed chunks the process kills itself, as a crash or <c>kill -9</c> would.</summary>
    public const string KillAfterChunks = "OPSREPORT_TEST_KILL_AFTER_CHUNKS";

    /// <summary>While the file this names exists, collection waits after each committed chunk.</summary>
    public const string HoldWhileFileExists = "OPSREPORT_TEST_HOLD_COLLECTION_WHILE";

    private static readonly int? KillAfter =
        int.TryParse(Environment.GetEnvironmentVariable(KillAfterChunks), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static readonly string? HoldFile = Environment.GetEnvironmentVariable(HoldWhileFileExists) is { Length: > 0 } f ? f : null;

    private static int _committed;

    /// <summary>Called after each committed chunk (synchronously, on the collecting thread).</summary>
    public static void ChunkCommitted()
    {
        if (KillAfter is { } limit && Interlocked.Increment(ref _committed) >= limit)
        {
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }
        while (HoldFile is not null && File.Exists(HoldFile))
            Thread.Sleep(100);
    }
}
