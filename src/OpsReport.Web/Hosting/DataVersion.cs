using System.Globalization;
using OpsReport.Core.Storage;

namespace OpsReport.Web.Hosting;

/// <summary>
/// A stamp that changes whenever the store does, so a cached view is never older than its data: for SQLite the size and
/// time of the database file and its write-ahead log (every commit appends to the log); for other stores the watermarks,
/// the newest run and the findings (an analysis moves no watermark, yet its findings must show at once). The clock's
/// minute is part of it, because views such as <c>last=7d</c> move with time.
/// </summary>
public sealed class DataVersion(IMetricStore store, TimeProvider clock)
{
    public async Task<string> CurrentAsync(CancellationToken ct)
    {
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        if (store is SqliteMetricStore sqlite)
            return minute.ToString(CultureInfo.InvariantCulture) + Stamp(sqlite.DatabasePath) + Stamp(sqlite.DatabasePath + "-wal");
        var marks = await store.GetWatermarksAsync(ct);
        var runs = await store.GetRunsAsync(null, 1, ct);
        var findings = await store.GetFindingsAsync(null, null, ct);
        var hash = new HashCode();
        foreach (var (stream, until) in marks.OrderBy(m => m.Key.ToString(), StringComparer.Ordinal))
        {
            hash.Add(stream.ToString());
            hash.Add(until);
        }
        foreach (var f in findings.OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            hash.Add(f.Id);
            hash.Add(f.State);
            hash.Add(f.End);
            hash.Add(f.Severity);
            hash.Add(f.Summary);
            hash.Add(f.UpdatedAt);
        }
        return minute.ToString(CultureInfo.InvariantCulture) + "|" + hash.ToHashCode().ToString(CultureInfo.InvariantCulture) + "|" + string.Join(",", runs.Select(r => r.ToString()));
    }

    private static string Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? "|" + file.Length.ToString(CultureInfo.InvariantCulture) + ":" + file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) : "|-";
    }
}
