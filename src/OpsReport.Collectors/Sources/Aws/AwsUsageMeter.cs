using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Counts what calls cost while a source collects one window: every HTTP request sent (retries included, so the count
/// matches what the server saw), metrics requested, bytes scanned and the dollars those imply. Thread-safe.
/// </summary>
public sealed class AwsUsageMeter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _callsByAction = new(StringComparer.Ordinal);
    private readonly List<string> _queries = [];
    private ApiUsage _usage = ApiUsage.None;

    public ApiUsage Usage
    {
        get
        {
            lock (_gate)
                return _usage;
        }
    }

    /// <summary>Requests sent per IAM action (e.g. <c>cloudwatch:GetMetricData</c>).</summary>
    public IReadOnlyDictionary<string, int> CallsByAction
    {
        get
        {
            lock (_gate)
                return new Dictionary<string, int>(_callsByAction, StringComparer.Ordinal);
        }
    }

    /// <summary>What each billed query asked (for <c>collect --verbose</c>), in the order they ended.</summary>
    public IReadOnlyList<string> Queries
    {
        get
        {
            lock (_gate)
                return [.. _queries];
        }
    }

    public void RecordQuery(string description)
    {
        lock (_gate)
            _queries.Add(description);
    }

    public void CountRequest(string iamAction)
    {
        lock (_gate)
        {
            _usage = _usage with { ApiCalls = _usage.ApiCalls + 1 };
            _callsByAction[iamAction] = _callsByAction.GetValueOrDefault(iamAction) + 1;
        }
    }

    public void AddBilled(long metricsRequested = 0, long bytesScanned = 0, decimal usd = 0)
    {
        lock (_gate)
            _usage = _usage with
            {
                MetricsRequested = _usage.MetricsRequested + metricsRequested,
                BytesScanned = _usage.BytesScanned + bytesScanned,
                EstimatedUsd = _usage.EstimatedUsd + usd,
            };
    }
}
