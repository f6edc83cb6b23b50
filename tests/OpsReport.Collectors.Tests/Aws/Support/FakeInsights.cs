using System.Collections.Concurrent;
using System.Globalization;

namespace OpsReport.Collectors.Tests.Aws.Support;

/// <summary>
/// Logs Insights as the fake server plays it: StartQuery returns an id, GetQueryResults says Running on the first
/// poll and then Complete with the rows <see cref="Rows"/> makes for the query, StopQuery stops it. Tracks how many
/// queries run at once.
/// </summary>
internal sealed class FakeInsights
{
    private readonly ConcurrentDictionary<string, Query> _queries = new();
    private int _running;
    private int _maxRunning;
    private int _next;

    /// <summary>Rows for a query string over [start, end] (epoch seconds, end inclusive), as field → value.</summary>
    public Func<string, long, long, IReadOnlyList<Dictionary<string, string>>> Rows { get; set; } = (_, _, _) => [];

    /// <summary>Answers StartQuery with LimitExceededException this many times first.</summary>
    public int LimitExceededFirst { get; set; }

    /// <summary>Queries never finish (to test the timeout).</summary>
    public bool NeverFinish { get; set; }

    public long BytesScannedPerQuery { get; set; } = 250_000_000;

    public int MaxRunning => _maxRunning;

    public IReadOnlyList<(string QueryString, long Start, long End)> Started => [.. _queries.Values.OrderBy(q => q.Order).Select(q => (q.QueryString, q.Start, q.End))];

    public IReadOnlyList<string> Stopped => [.. _queries.Values.Where(q => q.Stopped).Select(q => q.Id)];

    public FakeResponse Handle(FakeRequest r)
    {
        switch (r.Action)
        {
            case "StartQuery":
            {
                if (LimitExceededFirst > 0 && Interlocked.Decrement(ref _next) >= -LimitExceededFirst)
                    return FakeResponse.Error(400, "LimitExceededException", "Account maximum query concurrency limit of [30] reached.");
                var id = Guid.NewGuid().ToString();
                var order = _queries.Count;
                _queries[id] = new Query(id, order, r.Body.GetProperty("queryString").GetString()!, r.Body.GetProperty("startTime").GetInt64(), r.Body.GetProperty("endTime").GetInt64());
                var now = Interlocked.Increment(ref _running);
                int seen;
                while (now > (seen = _maxRunning) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen)
                {
                }
                return FakeResponse.Json(new { queryId = id });
            }
            case "GetQueryResults":
            {
                var q = _queries[r.Body.GetProperty("queryId").GetString()!];
                var polls = Interlocked.Increment(ref q.Polls);
                var statistics = new { recordsMatched = 100.0, recordsScanned = 1000.0, bytesScanned = (double)BytesScannedPerQuery };
                if (polls == 1 || NeverFinish)
                    return FakeResponse.Json(new { status = "Running", results = Array.Empty<object>(), statistics });
                if (!q.Finished)
                {
                    q.Finished = true;
                    Interlocked.Decrement(ref _running);
                }
                var rows = Rows(q.QueryString, q.Start, q.End).Select(row => row.Select(kv => new { field = kv.Key, value = kv.Value }).Prepend(new { field = "@ptr", value = "x" }).ToArray()).ToArray();
                return FakeResponse.Json(new { status = "Complete", results = rows, statistics });
            }
            case "StopQuery":
            {
                var q = _queries[r.Body.GetProperty("queryId").GetString()!];
                q.Stopped = true;
                if (!q.Finished)
                {
                    q.Finished = true;
                    Interlocked.Decrement(ref _running);
                }
                return FakeResponse.Json(new { success = true });
            }
            default:
                return FakeResponse.Error(400, "UnknownOperationException", r.Action);
        }
    }

    /// <summary>Insights prints bin(1h) like this.</summary>
    public static string Bin(long epochSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(epochSeconds).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private sealed class Query(string id, int order, string queryString, long start, long end)
    {
        public int Polls;

        public string Id { get; } = id;

        public int Order { get; } = order;

        public string QueryString { get; } = queryString;

        public long Start { get; } = start;

        public long End { get; } = end;

        public bool Finished { get; set; }

        public bool Stopped { get; set; }
    }
}
