using System.Globalization;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Runner;

/// <summary>
/// Prints the progress of a collection pass for a console. On a terminal one line per stream is rewritten in place;
/// when the output is redirected (a log, CI, a pipe) each stream prints a line when it is done. Either way, whenever
/// <see cref="Interval"/> passes without a line, one more says how far the pass is, so a long backfill (a paced one
/// included) never looks stuck. Thread-safe; the heartbeat follows the injected clock.
/// </summary>
public sealed class CollectionProgressPrinter : IProgress<CollectionProgress>, IDisposable
{
    /// <summary>The longest silence between two lines.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly TextWriter _output;
    private readonly bool _terminal;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<StreamId, long> _points = [];
    private readonly ITimer _heartbeat;
    private readonly DateTimeOffset _started;
    private DateTimeOffset _lastLine;
    private CollectionProgress? _current;
    private int _streamsDone;
    private bool _open;

    public CollectionProgressPrinter(TextWriter output, bool isTerminal, TimeProvider time)
    {
        _output = output;
        _terminal = isTerminal;
        _time = time;
        _started = time.GetUtcNow();
        _lastLine = _started;
        _heartbeat = time.CreateTimer(_ => Heartbeat(), null, Interval, Interval);
    }

    public void Report(CollectionProgress value)
    {
        lock (_gate)
        {
            _points[value.Stream] = value.PointsWritten;
            _current = value.Completed ? null : value;
            if (value.Completed)
                _streamsDone++;
            var state = value.HeldBy is { } holder ? $"left to {holder}, which holds its lease"
                : value.Completed ? (value.Error is null ? "done" : "FAILED: " + value.Error) : $"{value.ChunkIndex + 1}/{value.ChunkCount}";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"  {value.Stream,-26} {value.Window.End:yyyy-MM-dd HH:mm}Z {value.PointsWritten,10} points  {state}");
            if (!_terminal)
            {
                if (value.Completed)
                    WriteLine(line);
                return;
            }
            _output.Write("\r" + line.PadRight(Math.Max(line.Length, 100)));
            _open = !value.Completed;
            _lastLine = _time.GetUtcNow();
            if (value.Completed)
                _output.WriteLine();
        }
    }

    /// <summary>Ends a line left open on a terminal, before the summary is printed.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_open)
                _output.WriteLine();
            _open = false;
        }
    }

    public void Dispose() => _heartbeat.Dispose();

    private void Heartbeat()
    {
        lock (_gate)
        {
            if (_time.GetUtcNow() - _lastLine < Interval - TimeSpan.FromMilliseconds(500))
                return;
            var where = _current is { } c
                ? string.Create(CultureInfo.InvariantCulture, $"; {c.Stream} at {c.Window.End:yyyy-MM-dd HH:mm}Z ({c.ChunkIndex}/{c.ChunkCount} windows)")
                : "";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"  … still collecting after {(_time.GetUtcNow() - _started).TotalSeconds:0} s: {_streamsDone} streams done, {_points.Values.Sum()} points written{where}");
            if (_open)
            {
                _output.WriteLine();
                _open = false;
            }
            WriteLine(line);
        }
    }

    private void WriteLine(string line)
    {
        _output.WriteLine(line);
        _output.Flush();
        _lastLine = _time.GetUtcNow();
    }
}
