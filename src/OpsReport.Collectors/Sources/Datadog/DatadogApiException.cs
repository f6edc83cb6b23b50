using System.Net;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// A Datadog API call that failed. The message names the environment and the endpoint (e.g.
/// <c>prod: Datadog GET /api/v1/query answered 403 (Forbidden); …</c>) and never carries a key.
/// </summary>
public sealed class DatadogApiException : Exception
{
    public DatadogApiException(string environment, string endpoint, HttpStatusCode? status, string detail, string? advice = null)
        : base(Describe(environment, endpoint, status, detail, advice))
    {
        Environment = environment;
        Endpoint = endpoint;
        StatusCode = status;
        Detail = detail;
    }

    public string Environment { get; }

    /// <summary>Method and path, e.g. <c>POST /api/v2/query/timeseries</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The HTTP status, or null when the request got no answer or the answer could not be read.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>What Datadog said (its <c>errors</c> list, or a summary of a non-JSON body).</summary>
    public string Detail { get; }

    /// <summary>401/403: the keys are wrong or lack a permission.</summary>
    public bool IsForbidden => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>A 400: Datadog refused the request itself (a bad query, or an endpoint the keys may not use).</summary>
    public bool IsBadRequest => StatusCode == HttpStatusCode.BadRequest;

    private static string Describe(string environment, string endpoint, HttpStatusCode? status, string detail, string? advice)
    {
        var what = status is { } s ? $"answered {(int)s} ({detail})" : $"failed ({detail})";
        return $"{environment}: Datadog {endpoint} {what}{(advice is null ? "" : "; " + advice)}.";
    }
}
