using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources;

/// <summary>
/// What a failed collection had already cost, carried on its exception, so the run record and the summary count every
/// request the server saw, not only those of windows that succeeded.
/// </summary>
public static class SpentUsage
{
    private const string Key = "OpsReport.SpentUsage";

    /// <summary>Records the usage so far on the exception (the latest value wins: it includes the earlier ones).</summary>
    public static void Attach(Exception error, ApiUsage usage) => error.Data[Key] = usage;

    /// <summary>The usage attached to the exception or one of its inner exceptions; none when nothing was attached.</summary>
    public static ApiUsage Of(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e.Data[Key] is ApiUsage usage)
                return usage;
        }
        return ApiUsage.None;
    }
}
