namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>Retry and timeout settings of <see cref="DatadogApiClient"/>.</summary>
/// <param name="MaxAttempts">Requests per call at most, the first included (429s and 5xx are retried).</param>
/// <param name="BaseDelay">Backoff before the first retry when Datadog names no reset time; doubles per attempt.</param>
/// <param name="MaxDelay">Ceiling of one backoff.</param>
/// <param name="MaxRateLimitWait">The longest wait for a rate-limit reset that is accepted; a longer one fails the call.</param>
/// <param name="CallTimeout">One request's limit in real time (log queries over days can take tens of seconds).</param>
public sealed record DatadogClientSettings(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxRateLimitWait, TimeSpan CallTimeout)
{
    public static DatadogClientSettings Default { get; } = new(6, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(90));
}
