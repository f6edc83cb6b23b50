using OpsReport.Core.Domain;
using OpsReport.Core.Security;

namespace OpsReport.Core.Storage;

/// <summary>
/// Copies an SQLite store into a PostgreSQL one (<c>store copy</c>): series and points, watermarks, runs, settings,
/// findings, the outbox, deploys and API tokens (by their hashes; no token text exists to copy). Every step is an upsert or skips what is there, so a copy interrupted or repeated leaves the
/// target as one complete copy; leases are not copied (they belong to running processes).
/// </summary>
public static class StoreCopier
{
    /// <summary>Points per COPY batch: large enough for COPY to pay off, small enough to bound memory.</summary>
    private const int PointsPerBatch = 200_000;

    public static async Task<IReadOnlyList<TableCopy>> CopyAsync(SqliteMetricStore source, PostgresMetricStore target, IProgress<TableCopy>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var result = new List<TableCopy>();
        async Task DoneAsync(string table, long copied)
        {
            var line = new TableCopy(table, copied, await target.CountRowsAsync(table, cancellationToken));
            result.Add(line);
            progress?.Report(line);
        }

        long series = 0, points = 0;
        var batch = new List<SeriesPoints>();
        var inBatch = 0;
        await foreach (var s in source.ReadAllSeriesAsync(cancellationToken))
        {
            batch.Add(s);
            series++;
            inBatch += s.Points.Count;
            if (inBatch >= PointsPerBatch)
            {
                points += await target.CommitAsync(batch, null, cancellationToken);
                batch.Clear();
                inBatch = 0;
            }
        }
        if (batch.Count > 0)
            points += await target.CommitAsync(batch, null, cancellationToken);
        await DoneAsync("series", series);
        await DoneAsync("points", points);

        var watermarks = await source.GetWatermarksAsync(cancellationToken);
        foreach (var (stream, until) in watermarks)
            await target.CommitAsync([], new WatermarkUpdate(stream, until), cancellationToken);
        await DoneAsync("watermarks", watermarks.Count);

        var runs = await source.GetRunsAsync(null, int.MaxValue, cancellationToken);
        await target.ImportRunsAsync([.. runs.OrderBy(r => r.Id)], cancellationToken);
        await DoneAsync("runs", runs.Count);

        var settings = await source.ReadSettingsAsync(cancellationToken);
        foreach (var (name, value) in settings)
            await target.SetSettingAsync(name, value, cancellationToken);
        await DoneAsync("settings", settings.Count);

        var findings = await source.GetFindingsAsync(null, null, cancellationToken);
        await target.UpsertFindingsAsync(findings, cancellationToken);
        await DoneAsync("findings", findings.Count);

        var deliveries = await source.GetDeliveriesAsync(int.MaxValue, cancellationToken);
        foreach (var delivery in deliveries)
            await target.SaveDeliveryAsync(delivery, cancellationToken);
        await DoneAsync("deliveries", deliveries.Count);

        var deploys = await new SqliteDeployStore(source.DatabasePath).ReadAllAsync(cancellationToken);
        await using (var targetDeploys = new PostgresDeployStore(target.ConnectionString))
            await targetDeploys.UpsertAsync(deploys, cancellationToken);
        await DoneAsync("deploys", deploys.Count);

        var tokens = await new SqliteApiTokenStore(source.DatabasePath).ReadAllAsync(cancellationToken);
        await using (var targetTokens = new PostgresApiTokenStore(target.ConnectionString))
            await targetTokens.ImportAsync(tokens, cancellationToken);
        await DoneAsync("api_tokens", tokens.Count);
        return result;
    }
}

/// <summary>One table of a <c>store copy</c>: rows read from the source and written, and the rows the target now holds.</summary>
public sealed record TableCopy(string Table, long Copied, long TargetRows);
