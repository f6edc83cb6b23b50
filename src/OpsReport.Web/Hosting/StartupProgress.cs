using OpsReport.Collectors.Runner;
using OpsReport.Core.Domain;

namespace OpsReport.Web.Hosting;

/// <summary>
/// Where the first collection and analysis of each environment stand since this process started, so every page can say
/// what is still being collected and when findings will appear. Inactive (no notice) when background collection is off.
/// </summary>
public sealed class StartupProgress(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, State> _states = new(StringComparer.Ordinal);
    private List<string> _order = [];

    /// <summary>The environments the first pass will cover, in the order it takes them.</summary>
    public void Begin(IEnumerable<string> environments, bool analysis)
    {
        lock (_lock)
        {
            _order = environments.ToList();
            foreach (var env in _order)
                _states[env] = new State { Analysis = analysis };
        }
    }

    /// <summary>The first pass of <paramref name="environment"/> starts, over <paramref name="streams"/> streams.</summary>
    public void Collecting(string environment, int streams)
    {
        lock (_lock)
        {
            if (!_states.TryGetValue(environment, out var s) || s.Phase != StartupPhase.Waiting)
                return;
            s.Phase = StartupPhase.Collecting;
            s.Streams = Math.Max(1, streams);
            s.StreamStarted = clock.GetUtcNow();
        }
    }

    /// <summary>A committed chunk or a finished stream of the environment's first pass.</summary>
    public void Report(string environment, CollectionProgress progress)
    {
        lock (_lock)
        {
            if (!_states.TryGetValue(environment, out var s) || s.Phase != StartupPhase.Collecting)
                return;
            if (s.Stream != progress.Stream)
            {
                s.Stream = progress.Stream;
                s.StreamStarted = clock.GetUtcNow();
            }
            if (progress.Completed)
            {
                s.DoneStreams++;
                s.StreamFraction = 0;
                s.StreamStarted = clock.GetUtcNow();
            }
            else
            {
                s.CollectedUntil = progress.Window.End;
                s.StreamFraction = progress.ChunkCount > 0 ? (double)progress.ChunkIndex / progress.ChunkCount : 0;
            }
        }
    }

    public void Analyzing(string environment) => Move(environment, StartupPhase.Analyzing);

    public void Ready(string environment) => Move(environment, StartupPhase.Ready);

    /// <summary>The state of one environment's first pass, or null when it is done or there is no background collection.</summary>
    public StartupStatus? Get(string environment)
    {
        lock (_lock)
        {
            if (!_states.TryGetValue(environment, out var s) || s.Phase == StartupPhase.Ready)
                return null;
            var fraction = Math.Clamp((s.DoneStreams + s.StreamFraction) / Math.Max(1, s.Streams), 0, 1);
            TimeSpan? remaining = null;
            // Streams differ a hundredfold in size (hourly latency per path and tenant against daily cost), so the rest of
            // the stream under way is extrapolated from its own pace; the smaller streams after it add little.
            if (s.Phase == StartupPhase.Collecting && s.StreamFraction >= 0.05 && s.StreamStarted is { } started)
            {
                var elapsed = clock.GetUtcNow() - started;
                // Analysis of one environment took a few seconds on the 2-core development machine; say a little more.
                remaining = elapsed / s.StreamFraction * (1 - s.StreamFraction) + (s.Analysis ? TimeSpan.FromSeconds(5) : TimeSpan.Zero);
            }
            var ahead = _order.TakeWhile(e => e != environment).Where(e => _states[e].Phase != StartupPhase.Ready).ToList();
            return new StartupStatus(s.Phase, s.Stream, s.CollectedUntil, s.Phase == StartupPhase.Collecting ? fraction : null,
                s.Phase == StartupPhase.Collecting ? s.StreamFraction : null, s.DoneStreams, s.Streams, remaining, ahead, s.Analysis);
        }
    }

    private void Move(string environment, StartupPhase phase)
    {
        lock (_lock)
        {
            if (_states.TryGetValue(environment, out var s) && s.Phase < phase)
                s.Phase = phase;
        }
    }

    private sealed class State
    {
        public StartupPhase Phase { get; set; } = StartupPhase.Waiting;

        public bool Analysis { get; init; }

        public int Streams { get; set; } = 1;

        public int DoneStreams { get; set; }

        public double StreamFraction { get; set; }

        public StreamId? Stream { get; set; }

        public DateTimeOffset? CollectedUntil { get; set; }

        public DateTimeOffset? StreamStarted { get; set; }
    }
}

/// <summary>Steps of an environment's first pass after start.</summary>
public enum StartupPhase
{
    Waiting,
    Collecting,
    Analyzing,
    Ready,
}

/// <summary>
/// One environment's first pass as a page shows it: the step, the stream being collected and how far it is (up to which
/// time, which share of its window), the share of all its streams, the estimated time until findings, and the
/// environments collected before it.
/// </summary>
public sealed record StartupStatus(
    StartupPhase Phase,
    StreamId? Stream,
    DateTimeOffset? CollectedUntil,
    double? Fraction,
    double? StreamFraction,
    int DoneStreams,
    int Streams,
    TimeSpan? Remaining,
    IReadOnlyList<string> Ahead,
    bool Analysis);
