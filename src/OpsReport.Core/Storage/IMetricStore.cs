using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>
/// The one place series, collection runs, watermarks, findings, deliveries and leases live. Implementations: SQLite
/// (embedded default) and PostgreSQL (shared by several instances), both held to one contract test suite. All timestamps
/// in and out are UTC.
/// </summary>
public interface IMetricStore
{
    /// <summary>Creates or migrates the schema. Safe to call on every start, from several processes at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Which store this is (never its password) and its schema version, for <c>check</c> and <c>/readyz</c>.</summary>
    Task<StoreDescription> DescribeAsync(CancellationToken cancellationToken = default);

    /// <summary>Who this store object acts for in runs and leases: one id per process (host, process id, random suffix).</summary>
    string InstanceId { get; }

    /// <summary>
    /// Upserts points by (series, timestamp) and, in the same transaction, advances the stream's watermark when given,
    /// so a watermark never runs ahead of committed points. Returns the number of points written.
    /// </summary>
    Task<long> CommitAsync(IReadOnlyCollection<SeriesPoints> batch, WatermarkUpdate? watermark = null, CancellationToken cancellationToken = default);

    /// <summary>All series keys matching the filter.</summary>
    Task<IReadOnlyList<SeriesKey>> FindSeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Points of every series matching the filter with timestamps in the window, ordered by time.</summary>
    Task<IReadOnlyList<SeriesPoints>> QueryAsync(SeriesFilter filter, TimeWindow window, CancellationToken cancellationToken = default);

    /// <summary>Points of one series in the window (empty when nothing is stored).</summary>
    Task<SeriesPoints> QueryAsync(SeriesKey key, TimeWindow window, CancellationToken cancellationToken = default);

    /// <summary>
    /// The sum of each matching series' points in the window, added up by the store (a count summed over a month of hours
    /// without reading every hour out); null for a series with no point there, because missing is not zero.
    /// </summary>
    Task<IReadOnlyList<(SeriesKey Key, double? Sum)>> SumAsync(SeriesFilter filter, TimeWindow window, CancellationToken cancellationToken = default);

    /// <summary>The end of the last committed window of a stream, or null before its first commit.</summary>
    Task<DateTimeOffset?> GetWatermarkAsync(StreamId stream, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<StreamId, DateTimeOffset>> GetWatermarksAsync(CancellationToken cancellationToken = default);

    /// <summary>Records the start of a run (held by <see cref="InstanceId"/>) and returns its id.</summary>
    Task<long> StartRunAsync(StreamId stream, TimeWindow window, DateTimeOffset startedAt, CancellationToken cancellationToken = default);

    Task FinishRunAsync(long runId, RunStatus status, long pointsWritten, ApiUsage usage, string? error, DateTimeOffset finishedAt, CancellationToken cancellationToken = default);

    /// <summary>Most recent runs first, optionally for one environment.</summary>
    Task<IReadOnlyList<CollectionRun>> GetRunsAsync(string? environment = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Small key/value settings that must survive restarts (e.g. the demo source's anchor time).</summary>
    Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken = default);

    Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default);

    /// <summary>Inserts or updates findings by their identity (environment, kind, subject).</summary>
    Task UpsertFindingsAsync(IReadOnlyCollection<Finding> findings, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Finding>> GetFindingsAsync(string? environment = null, FindingState? state = null, CancellationToken cancellationToken = default);

    /// <summary>The outbox record of a delivery, or null if it was never attempted.</summary>
    Task<DeliveryRecord?> GetDeliveryAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the outbox record with the same key.</summary>
    Task SaveDeliveryAsync(DeliveryRecord record, CancellationToken cancellationToken = default);

    /// <summary>Most recent deliveries first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically claims a delivery for sending: inserts <paramref name="claim"/> when the key is new, or replaces the record
    /// when its status is one of <paramref name="replaceable"/> (attempts then count on from the stored record). Returns false
    /// when another sender holds it or it is in a status not to be replaced (e.g. already sent), so two senders never both send.
    /// </summary>
    Task<bool> TryClaimDeliveryAsync(DeliveryRecord claim, IReadOnlyCollection<DeliveryStatus> replaceable, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes or renews the named lease for <see cref="InstanceId"/> until <paramref name="now"/> + <paramref name="duration"/>.
    /// Returns false while another instance holds it unexpired; an expired lease (its holder crashed) is taken over.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(string name, TimeSpan duration, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up if <see cref="InstanceId"/> holds it, so another instance need not wait for its expiry.</summary>
    Task ReleaseLeaseAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every lease unexpired at <paramref name="now"/>, by name.</summary>
    Task<IReadOnlyList<StoreLease>> GetLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks runs still "Running" whose holder holds no unexpired lease as <see cref="RunStatus.Abandoned"/> (their process
    /// stopped before finishing them). Returns how many were marked.
    /// </summary>
    Task<int> AbandonOrphanedRunsAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>The new watermark of a stream, committed together with its points.</summary>
public sealed record WatermarkUpdate(StreamId Stream, DateTimeOffset CollectedUntil);
