using Microsoft.Extensions.Options;
using OpsReport.Collectors.Sources;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Web.Pages;

/// <summary>
/// How far each feed of an environment (latency, memory, logs, cost, …) is collected, and whether it is behind its OWN
/// schedule: a daily cost feed collected to this morning is on time while the hourly feeds run to the last hour.
/// </summary>
public sealed class FeedSchedule(IMetricStore store, IEnumerable<ISource> sources, IOptions<OpsReportOptions> options)
{
    // A feed no source describes any more (its source was switched off) is judged as a daily one.
    private static readonly TimeSpan UnknownStep = TimeSpan.FromDays(1);

    private static readonly string[] Order = ["latency", "metrics", "memory", "logs", "level-mix", "inventory", "usage", "cost", "deploys"];

    /// <summary>The oldest of the feeds' watermarks: everything before it is collected (null when nothing is).</summary>
    public static DateTimeOffset? CollectedUntil(IReadOnlyList<FeedState> feeds) => feeds.Count == 0 ? null : feeds.Min(f => f.CollectedUntil);

    public async Task<IReadOnlyList<FeedState>> ForAsync(string environment, DateTimeOffset now, CancellationToken ct)
    {
        var marks = (await store.GetWatermarksAsync(ct)).Where(kv => kv.Key.Environment == environment).ToList();
        if (marks.Count == 0)
            return [];
        var streams = new Dictionary<StreamId, SourceStream>();
        foreach (var source in sources)
        {
            try
            {
                foreach (var s in source.GetStreams(environment))
                    streams[s.Id] = s;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A source that cannot list its streams (bad configuration; `check` names why) leaves its feeds judged as daily.
            }
        }
        return marks.GroupBy(kv => FeedName(kv.Key), StringComparer.Ordinal)
            .Select(g => new FeedState(g.Key, g.Min(kv => kv.Value), g.Any(kv => IsLate(kv.Value, streams.GetValueOrDefault(kv.Key), now))))
            .OrderBy(f => Array.IndexOf(Order, f.Name) is var i && i >= 0 ? i : Order.Length).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Late when the watermark is more than one of the stream's steps plus one collection interval behind the end the
    /// stream can have reached by now (now less its settle time, floored to its step, as the collection runner does).
    /// </summary>
    private bool IsLate(DateTimeOffset watermark, SourceStream? stream, DateTimeOffset now)
    {
        var step = stream is { Step.Ticks: > 0 } ? stream.Step : UnknownStep;
        var settle = stream?.Settle ?? TimeSpan.Zero;
        var reachable = now - settle;
        var expected = new DateTimeOffset(reachable.UtcTicks - reachable.UtcTicks % step.Ticks, TimeSpan.Zero);
        return expected - watermark > step + options.Value.Collection.Interval;
    }

    /// <summary>The reader's name of a stream: Cost Explorer's and CloudWatch's daily/hourly streams by what they carry.</summary>
    private static string FeedName(StreamId id) => id.Source switch
    {
        "cost" => "cost",
        "cloudwatch" => "metrics",
        _ => id.Stream,
    };
}

/// <summary>One feed's freshness: collected until (everything before is in the store) and whether it is behind its schedule.</summary>
public sealed record FeedState(string Name, DateTimeOffset CollectedUntil, bool Late);
