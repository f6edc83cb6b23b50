using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsReport.Collectors.Sources;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Runner;

/// <summary>Runs one collection pass over every source, environment and stream, from each watermark up to now.</summary>
/// <remarks>
/// Each chunk's points are committed together with the new watermark. A failing stream is recorded as a failed run and
/// skipped; an interrupted pass loses only its uncommitted chunk, and repeating it gives the same store. A stream is
/// collected only under its lease in the store, so processes and instances sharing a store never fetch the same window
/// twice: a stream whose lease another holds is left to it, and one whose holder died is taken over once the lease expires.
/// </remarks>
public sealed partial class CollectionRunner
{
    private const int MaxErrorLength = 400;

    private readonly IReadOnlyList<ISource> _sources;
    private readonly IMetricStore _store;
    private readonly EnvironmentCatalog _environments;
    private readonly OpsReportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CollectionRunner> _logger;

    public CollectionRunner(
        IEnumerable<ISource> sources,
        IMetricStore store,
        EnvironmentCatalog environments,
        IOptions<OpsReportOptions> options,
        TimeProvider timeProvider,
        ILogger<CollectionRunner> logger)
    {
        _sources = sources.ToList();
        _store = store;
        _environments = environments;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <exception cref="ArgumentException">An unknown source or environment name, or an empty explicit window.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; chunks committed before stay committed.</exception>
    public async Task<CollectionSummary> RunOnceAsync(CollectionRequest request, IProgress<CollectionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = SelectSources(request.Source);
        var environments = SelectEnvironments(request.Environment);
        if (request.From is { } from && request.To is { } to && from >= to)
            throw new ArgumentException($"The window start {from:O} is not before its end {to:O}.");

        var started = _timeProvider.GetTimestamp();
        var tally = new Tally();
        var abandoned = await _store.AbandonOrphanedRunsAsync(_timeProvider.GetUtcNow(), cancellationToken);
        if (abandoned > 0)
            LogRunsAbandoned(abandoned);

        // The pass in order: every stream of every source and environment, and in its place each stream list that failed.
        var work = new List<PassItem>();
        foreach (var source in sources)
        {
            foreach (var environment in environments)
            {
                try
                {
                    work.AddRange(source.GetStreams(environment.Name).Select(stream => new PassItem(source, stream, null, null)));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    work.Add(new PassItem(source, null, new StreamId(source.Name, environment.Name, "*"), e));
                }
            }
        }

        // Once a stream's last chunk is being fetched, the next stream is taken (its lease, then its watermark, read under
        // it) and, as soon as that fetch is done, its first chunk fetched while the last one is committed: the source and
        // the store stay busy together across streams as they do within one, and the source still sees one call at a time.
        var lookahead = new Lookahead();
        try
        {
            for (var k = 0; k < work.Count; k++)
            {
                var item = work[k];
                if (item.Stream is null)
                {
                    await RecordFailureAsync(item.FailedStreams!.Value, null, item.Error!, tally, progress);
                    continue;
                }
                var prepared = lookahead.Take() ?? PrepareAsync(item.Source, item.Stream, request, Task.CompletedTask, cancellationToken);
                var following = work.FindIndex(k + 1, w => w.Stream is not null);
                void StartNext(Task lastFetch)
                {
                    if (following >= 0)
                        lookahead.Start(() => PrepareAsync(work[following].Source, work[following].Stream!, request, lastFetch, cancellationToken));
                }
                await CollectStreamAsync(await prepared, tally, progress, StartNext, cancellationToken);
            }
        }
        finally
        {
            await lookahead.DiscardAsync();
        }
        return new CollectionSummary(tally.Streams, tally.Runs, tally.Series.Count, tally.Points, tally.Usage, tally.Failures,
            _timeProvider.GetElapsedTime(started), tally.HeldElsewhere) { Queries = tally.Queries };
    }

    /// <summary>
    /// Takes the stream's lease and, under it, reads its watermark, plans its chunks and, once <paramref name="previousFetch"/>
    /// (the previous stream's last source call) is over, starts fetching the first chunk. A failure to take the lease is
    /// thrown (as before any stream work); a failure after it is kept for the stream's turn.
    /// </summary>
    private async Task<PreparedStream> PrepareAsync(ISource source, SourceStream stream, CollectionRequest request, Task previousFetch, CancellationToken passCancellation)
    {
        passCancellation.ThrowIfCancellationRequested();
        var lease = await HeldLease.TryAcquireAsync(_store, LeaseNames.Collect(stream.Id), _options.Store.LeaseDuration, _timeProvider, passCancellation);
        var prepared = new PreparedStream(source, stream, lease, passCancellation);
        if (lease is null)
            return prepared;
        try
        {
            var step = stream.Step > TimeSpan.Zero ? stream.Step : TimeSpan.FromHours(1);
            var maxWindow = stream.MaxWindow >= step ? stream.MaxWindow : step;
            var now = _timeProvider.GetUtcNow();
            var end = Floor(now - stream.Settle, step);
            prepared.BackfillStart = Floor(now - TimeSpan.FromDays(_options.Collection.BackfillDays), step);
            // Under the lease the stream's runs still "Running" are a dead holder's; the watermark is read only now, after
            // the previous holder's last commit.
            prepared.Watermark = await _store.GetWatermarkAsync(stream.Id, prepared.Cancellation);
            var start = request.From is { } from ? Floor(from, step) : prepared.Watermark ?? prepared.BackfillStart;
            if (request.To is { } to && Floor(to, step) < end)
                end = Floor(to, step);
            prepared.Target = new TimeWindow(start, start < end ? end : start);
            prepared.Chunks = prepared.Target.Chunk(maxWindow).ToList();
            if (prepared.Chunks.Count > 0)
            {
                // How the previous stream's fetch ended is that stream's to report.
                await previousFetch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                prepared.Fetch = Prefetch(source, stream, prepared.Chunks[0], prepared.PrefetchCancellation);
            }
        }
        catch (Exception e)
        {
            prepared.Error = e;
        }
        return prepared;
    }

    /// <param name="startNext">Called once this stream's last source call has started (or when it makes none), with that call.</param>
    private async Task CollectStreamAsync(PreparedStream prepared, Tally tally, IProgress<CollectionProgress>? progress, Action<Task> startNext, CancellationToken passCancellation)
    {
        await using var owned = prepared;
        var stream = prepared.Stream;
        var source = prepared.Source;
        tally.Streams++;
        if (prepared.Lease is null)
        {
            startNext(Task.CompletedTask);
            var holder = (await _store.GetLeasesAsync(_timeProvider.GetUtcNow(), passCancellation)).FirstOrDefault(l => l.Name == LeaseNames.Collect(stream.Id))?.Holder ?? "another instance";
            tally.HeldElsewhere.Add($"{stream.Id} (held by {holder})");
            var now = new TimeWindow(_timeProvider.GetUtcNow(), _timeProvider.GetUtcNow());
            progress?.Report(new CollectionProgress(stream.Id, now, now, 0, 0, 0, Completed: true, HeldBy: holder));
            return;
        }
        var lease = prepared.Lease;
        long? runId = null;
        Activity? window = null;
        DateTimeOffset? lagFrom = null;
        var cancellationToken = prepared.Cancellation;
        try
        {
            if (prepared.Error is { } failedToPlan)
            {
                startNext(Task.CompletedTask);
                ExceptionDispatchInfo.Throw(failedToPlan);
            }
            var target = prepared.Target;
            var chunks = prepared.Chunks;
            if (chunks.Count <= 1)
                startNext(prepared.Fetch ?? Task.CompletedTask);
            // The watermark means "everything before it is collected": an explicit window that leaves a gap after the
            // watermark is collected but does not move it, so the gap is still collected by the next regular pass.
            var collectedUntil = prepared.Watermark ?? prepared.BackfillStart;
            lagFrom = collectedUntil;
            long points = 0;
            for (var i = 0; i < chunks.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = chunks[i];
                window = CollectionTelemetry.StartWindow(stream.Id, chunk);
                runId = await _store.StartRunAsync(stream.Id, chunk, _timeProvider.GetUtcNow(), cancellationToken);
                tally.Runs++;
                var batch = await (prepared.TakeFetch() ?? source.CollectAsync(stream, chunk, prepared.PrefetchCancellation));
                // Fetching the next chunk while this one is written keeps both the source and the store busy during a
                // long backfill; the source still sees one call at a time, in order.
                if (i + 1 < chunks.Count)
                {
                    var next = Prefetch(source, stream, chunks[i + 1], prepared.PrefetchCancellation);
                    prepared.Fetch = next;
                    if (i + 2 == chunks.Count)
                        startNext(next);
                }

                // A window with a failed request is not done: what came back is kept, the watermark stays before it.
                var failed = batch.FailedRequests.Count > 0;
                var advance = !failed && chunk.Start <= collectedUntil;
                var written = await _store.CommitAsync(batch.Series, advance ? new WatermarkUpdate(stream.Id, chunk.End) : null, cancellationToken);
                if (advance && chunk.End > collectedUntil)
                    lagFrom = collectedUntil = chunk.End;
                var status = failed ? RunStatus.Failed : batch.Warnings.Count > 0 ? RunStatus.Partial : RunStatus.Succeeded;
                var notes = batch.FailedRequests.Concat(batch.Warnings).ToList();
                var warning = notes.Count > 0 ? OneLine(string.Join("; ", notes)) : null;
                // The chunk is committed: its run record must say so even if cancellation arrives right now.
                await _store.FinishRunAsync(runId.Value, status, written, batch.Usage, warning, _timeProvider.GetUtcNow(), CancellationToken.None);
                runId = null;
                CollectionTelemetry.Committed(window, stream.Id, batch.Usage, written, status);
                window?.Dispose();
                window = null;

                points += written;
                tally.Points += written;
                tally.Usage += batch.Usage;
                tally.Queries.AddRange(batch.Queries);
                foreach (var series in batch.Series)
                    tally.Series.Add(series.Key);
                progress?.Report(new CollectionProgress(stream.Id, chunk, target, i + 1, chunks.Count, points, Completed: false));
                if (failed)
                {
                    // Later windows are left to the next run, which starts again at this one: a source that failed once
                    // (a key, a limit) would most likely fail them too, and each attempt is billed.
                    var failure = OneLine(string.Join("; ", batch.FailedRequests));
                    tally.Failures.Add($"{stream.Id}: {failure}");
                    LogWindowIncomplete(stream.Id.ToString(), chunk.ToString(), failure);
                    progress?.Report(new CollectionProgress(stream.Id, chunk, target, i + 1, chunks.Count, points, Completed: true, failure));
                    return;
                }
            }
            progress?.Report(new CollectionProgress(stream.Id, chunks.Count > 0 ? chunks[^1] : target, target, chunks.Count, chunks.Count, points, Completed: true));
        }
        catch (OperationCanceledException) when (passCancellation.IsCancellationRequested)
        {
            if (runId is { } cancelled)
                await _store.FinishRunAsync(cancelled, RunStatus.Failed, 0, ApiUsage.None, "Cancelled before its points were committed.", _timeProvider.GetUtcNow(), CancellationToken.None);
            throw;
        }
        catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested)
        {
            await RecordFailureAsync(stream.Id, runId, new TimeoutException("this process lost the stream's lease (it stalled past its expiry) and another instance took the stream over; nothing more was written."), tally, progress);
        }
        catch (Exception e)
        {
            // Later chunks are not tried: committing them would move the watermark past the failed window.
            CollectionTelemetry.Failed(window, stream.Id, SpentUsage.Of(e), e, OneLine(e.Message));
            await RecordFailureAsync(stream.Id, runId, e, tally, progress);
        }
        finally
        {
            window?.Dispose();
            if (lagFrom is { } until)
                CollectionTelemetry.Lag(stream.Id, until, _timeProvider.GetUtcNow());
        }
    }

    private static Task<SourceBatch> Prefetch(ISource source, SourceStream stream, TimeWindow chunk, CancellationToken cancellationToken) =>
        Task.Run(() => source.CollectAsync(stream, chunk, cancellationToken), cancellationToken);


    private async Task RecordFailureAsync(StreamId stream, long? runId, Exception error, Tally tally, IProgress<CollectionProgress>? progress)
    {
        var message = OneLine(error.Message);
        tally.Failures.Add($"{stream}: {message}");
        // Requests a failed window already sent are billed all the same: count them.
        var spent = SpentUsage.Of(error);
        tally.Usage += spent;
        LogStreamFailed(stream.ToString(), message, error);
        try
        {
            var now = _timeProvider.GetUtcNow();
            if (runId is null)
            {
                runId = await _store.StartRunAsync(stream, new TimeWindow(now, now), now, CancellationToken.None);
                tally.Runs++;
            }
            await _store.FinishRunAsync(runId.Value, RunStatus.Failed, 0, spent, message, now, CancellationToken.None);
        }
        catch (Exception recordError)
        {
            LogRunNotRecorded(stream.ToString(), recordError);
        }
        var empty = new TimeWindow(_timeProvider.GetUtcNow(), _timeProvider.GetUtcNow());
        progress?.Report(new CollectionProgress(stream, empty, empty, 0, 0, 0, Completed: true, message));
    }

    private List<ISource> SelectSources(string? name)
    {
        if (name is null)
            return [.. _sources];
        var match = _sources.Where(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (match.Count == 0)
        {
            var valid = _sources.Count == 0 ? "(none registered)" : string.Join(", ", _sources.Select(s => s.Name));
            // No parameter name: the message is shown as is on the CLI, where "(Parameter 'name')" means nothing.
            throw new ArgumentException($"Unknown source '{name}'. Valid sources: {valid}.");
        }
        return match;
    }

    private List<EnvironmentInfo> SelectEnvironments(string? name)
    {
        if (name is null)
            return [.. _environments.All];
        var env = _environments.Find(name);
        if (env is null)
        {
            var valid = _environments.All.Count == 0 ? "(none configured)" : string.Join(", ", _environments.All.Select(e => e.Name));
            throw new ArgumentException($"Unknown environment '{name}'. Valid environments: {valid}.");
        }
        return [env];
    }

    /// <summary>Floors an instant to a multiple of the step since the Unix epoch (so a day step lands on UTC midnight).</summary>
    internal static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan step)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new DateTimeOffset(instant.UtcTicks - (ticks % step.Ticks), TimeSpan.Zero);
    }

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxErrorLength ? line : line[..(MaxErrorLength - 1)] + "…";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} collection run(s) left running by a stopped process were marked abandoned")]
    private partial void LogRunsAbandoned(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collection of {Stream} failed: {Error}")]
    private partial void LogStreamFailed(string stream, string error, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collection of {Stream} stopped at {Window}, which a failed request left incomplete (fetched again next run): {Error}")]
    private partial void LogWindowIncomplete(string stream, string window, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The failed run of {Stream} could not be recorded in the store")]
    private partial void LogRunNotRecorded(string stream, Exception exception);

    /// <summary>One turn of the pass: a stream of a source, or (Stream null) a source whose stream list failed.</summary>
    private sealed record PassItem(ISource Source, SourceStream? Stream, StreamId? FailedStreams, Exception? Error);

    /// <summary>The next stream, prepared while the current one finishes; taken at its turn, or discarded when the pass stops.</summary>
    private sealed class Lookahead
    {
        private Task<PreparedStream>? _next;

        public void Start(Func<Task<PreparedStream>> prepare) => _next ??= prepare();

        public Task<PreparedStream>? Take()
        {
            var next = _next;
            _next = null;
            return next;
        }

        public async Task DiscardAsync()
        {
            if (Take() is not { } pending)
                return;
            try
            {
                await (await pending).DisposeAsync();
            }
            catch (Exception)
            {
                // The pass already stopped for its own reason: how the stream it never reached would have started is moot.
            }
        }
    }

    /// <summary>A stream under this instance's lease, with its plan and the chunk being fetched ahead; disposing releases them.</summary>
    private sealed class PreparedStream : IAsyncDisposable
    {
        private readonly CancellationTokenSource? _leaseOrCancel;
        private readonly CancellationTokenSource? _prefetchCancel;

        public PreparedStream(ISource source, SourceStream stream, HeldLease? lease, CancellationToken passCancellation)
        {
            Source = source;
            Stream = stream;
            Lease = lease;
            if (lease is not null)
            {
                _leaseOrCancel = CancellationTokenSource.CreateLinkedTokenSource(passCancellation, lease.Lost);
                _prefetchCancel = CancellationTokenSource.CreateLinkedTokenSource(_leaseOrCancel.Token);
            }
        }

        public ISource Source { get; }

        public SourceStream Stream { get; }

        /// <summary>Null when another instance holds the stream.</summary>
        public HeldLease? Lease { get; }

        /// <summary>Cancelled with the pass or when the lease is lost.</summary>
        public CancellationToken Cancellation => _leaseOrCancel?.Token ?? new CancellationToken(true);

        /// <summary>As <see cref="Cancellation"/>, and also when a fetched-ahead chunk is discarded.</summary>
        public CancellationToken PrefetchCancellation => _prefetchCancel?.Token ?? new CancellationToken(true);

        public DateTimeOffset? Watermark { get; set; }

        public DateTimeOffset BackfillStart { get; set; }

        public TimeWindow Target { get; set; }

        public List<TimeWindow> Chunks { get; set; } = [];

        /// <summary>The chunk being fetched ahead, not yet taken.</summary>
        public Task<SourceBatch>? Fetch { get; set; }

        /// <summary>A failure after the lease was taken (reading the watermark), raised at the stream's turn.</summary>
        public Exception? Error { get; set; }

        public Task<SourceBatch>? TakeFetch()
        {
            var fetch = Fetch;
            Fetch = null;
            return fetch;
        }

        public async ValueTask DisposeAsync()
        {
            // A chunk fetched ahead whose predecessor failed or was cancelled: nothing of it is committed, and its own
            // failure (if any) is not this pass's to report.
            if (TakeFetch() is { } pending)
            {
                await _prefetchCancel!.CancelAsync();
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            _prefetchCancel?.Dispose();
            _leaseOrCancel?.Dispose();
            if (Lease is not null)
                await Lease.DisposeAsync();
        }
    }

    private sealed class Tally
    {
        public int Streams { get; set; }

        public int Runs { get; set; }

        public long Points { get; set; }

        public ApiUsage Usage { get; set; } = ApiUsage.None;

        public HashSet<SeriesKey> Series { get; } = [];

        public List<string> Failures { get; } = [];

        public List<string> HeldElsewhere { get; } = [];

        public List<string> Queries { get; } = [];
    }
}
