using OpsReport.Collectors.Sources;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Support;

/// <summary>Passes calls to a real source, running a hook before each CollectAsync (to throw or cancel at a chosen call).</summary>
internal sealed class WrappedSource(ISource inner, Action<SourceStream, TimeWindow, int> beforeCollect) : ISource
{
    private int _calls;

    public string Name => inner.Name;

    public int Calls => _calls;

    public IReadOnlyList<SourceStream> GetStreams(string environment) => inner.GetStreams(environment);

    public Task<SourceBatch> CollectAsync(SourceStream stream, TimeWindow window, CancellationToken cancellationToken)
    {
        beforeCollect(stream, window, Interlocked.Increment(ref _calls));
        return inner.CollectAsync(stream, window, cancellationToken);
    }
}
