namespace OpsReport.Core.Storage;

/// <summary>The store cannot be opened or read (a damaged or foreign file); the message names the file and what to do.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The sentence for a damaged store file: which file, that it was left as it is, and the way out.</summary>
    public static string Describe(string file, string error) =>
        $"the store {file} cannot be read ({error}). It was left unchanged: restore it from a backup, or move it aside and run `collect` to build a new one.";
}
