using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// Counts the requests of one collection call: every HTTP request sent (retries and 429s included, so the count matches
/// what Datadog saw) per endpoint. Datadog's read APIs are not billed per call, so only calls are counted. Thread-safe.
/// </summary>
public sealed class DatadogUsageMeter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _byEndpoint = new(StringComparer.Ordinal);
    private int _calls;

    public ApiUsage Usage
    {
        get
        {
            lock (_gate)
                return new ApiUsage(ApiCalls: _calls);
        }
    }

    public int Calls
    {
        get
        {
            lock (_gate)
                return _calls;
        }
    }

    /// <summary>Requests sent per endpoint (e.g. <c>GET /api/v1/query</c>).</summary>
    public IReadOnlyDictionary<string, int> CallsByEndpoint
    {
        get
        {
            lock (_gate)
                return new Dictionary<string, int>(_byEndpoint, StringComparer.Ordinal);
        }
    }

    public void CountRequest(string endpoint)
    {
        lock (_gate)
        {
            _calls++;
            _byEndpoint[endpoint] = _byEndpoint.GetValueOrDefault(endpoint) + 1;
        }
    }
}
