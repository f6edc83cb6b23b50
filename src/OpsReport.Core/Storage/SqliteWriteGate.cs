using System.Collections.Concurrent;

namespace OpsReport.Core.Storage;

/// <summary>One write at a time per SQLite file within this process, handed over the moment the previous write ends.</summary>
/// <remarks>
/// SQLite lets one connection write at a time; a second writer of the same process otherwise meets SQLITE_BUSY and its
/// busy handler sleeps in growing steps (up to 100 ms) before trying again, long after the first write has ended. In a
/// backfill the demo's deploy write (made while the next chunk is generated) and the next stream's lease met the
/// commit of the current chunk this way and left the store idle. Other processes are still waited for by the busy handler.
/// </remarks>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <param name="databasePath">The file's full path.</param>
    public static SemaphoreSlim For(string databasePath) => Gates.GetOrAdd(databasePath, _ => new SemaphoreSlim(1, 1));

    /// <summary>Waits for the gate (when there is one) and returns what releases it.</summary>
    public static async Task<Held> EnterAsync(SemaphoreSlim? gate, CancellationToken cancellationToken)
    {
        if (gate is not null)
            await gate.WaitAsync(cancellationToken);
        return new Held(gate);
    }

    /// <summary>Releases the gate once.</summary>
    public readonly struct Held(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
