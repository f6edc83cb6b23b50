using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Web.Hosting;

/// <summary>
/// A stamp that changes whenever the store does, so a cached view is never older than its data: for SQLite the size and
/// time of the database file and its write-ahead log (every commit appends to the log); for other stores the watermarks,
/// the newest run and the findings (an analysis moves no watermark, yet its findings must show at once).
/// </summary>
public sealed class DataVersion(IMetricStore store, TimeProvider clock, ZoneCalendar calendar)
{
    /// <summary>The version of a rendered answer: the store's with the clock's minute, because a page says how long ago things happened.</summary>
    public async Task<string> CurrentAsync(CancellationToken ct) =>
        (clock.GetUtcNow().ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture) + "|" + await StoreAsync(ct);

    /// <summary>
    /// The version of a view's numbers: the store's with the last complete hour and the local day. Every view's window ends
    /// at the last complete hour or local day (never at the minute), so its numbers stay valid until the store changes or the
    /// hour turns, and work done for them (a background warm-up, say) is not thrown away when the minute turns.
    /// </summary>
    public async Task<string> ViewDataAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return TimeWindow.FloorToHour(now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "|"
            + calendar.DayOf(now).Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "|" + await StoreAsync(ct);
    }

    /// <summary>The store's own stamp, whatever the time.</summary>
    public async Task<string> StoreAsync(CancellationToken ct)
    {
        if (store is SqliteMetricStore sqlite)
            return Stamp(sqlite.DatabasePath) + Stamp(sqlite.DatabasePath + "-wal");
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
        return hash.ToHashCode().ToString(CultureInfo.InvariantCulture) + "|" + string.Join(",", runs.Select(r => r.ToString()));
    }

    private static string Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? "|" + file.Length.ToString(CultureInfo.InvariantCulture) + ":" + file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) : "|-";
    }
}
