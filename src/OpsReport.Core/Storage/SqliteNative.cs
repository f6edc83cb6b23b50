using System.Runtime.InteropServices;

namespace OpsReport.Core.Storage;

/// <summary>
/// The few SQLite calls the bulk write makes once per point, bound straight to the native library SQLitePCLRaw loads
/// (<c>e_sqlite3</c>, the same loaded copy), on a raw statement pointer.
/// </summary>
/// <remarks>
/// Through SQLitePCLRaw every call takes and releases the statement's SafeHandle (measured with <c>dotnet-trace</c> in
/// <c>bench collect</c>: about a fifth of the bulk write's CPU for the three binds and the reset). The pointer is used
/// only while the caller holds the handle open. Binds and reset are short and never call back into .NET, so they skip
/// the GC transition; the step (page splits, I/O, a busy handler) keeps it.
/// </remarks>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    [DllImport(Library, EntryPoint = "sqlite3_bind_int64", ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int BindInt64(IntPtr statement, int index, long value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_double", ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int BindDouble(IntPtr statement, int index, double value);

    [DllImport(Library, EntryPoint = "sqlite3_reset", ExactSpelling = true)]
    [SuppressGCTransition]
    public static extern int Reset(IntPtr statement);

    [DllImport(Library, EntryPoint = "sqlite3_step", ExactSpelling = true)]
    public static extern int Step(IntPtr statement);
}
