namespace OpsReport.Collectors.Sources.Aws;

/// <summary>Retry and timeout settings of <see cref="AwsApiClient"/>.</summary>
/// <param name="MaxAttempts">Requests per call at most, the first included.</param>
/// <param name="BaseDelay">Backoff before the first retry is drawn from [0, BaseDelay]; the ceiling doubles per attempt.</param>
/// <param name="MaxDelay">Ceiling of one backoff.</param>
/// <param name="CallTimeout">One request's limit (a slow answer is retried like throttling).</param>
public sealed record AwsClientSettings(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan CallTimeout)
{
    // The SDKs' standard mode retries 3 times; collection runs in the background, so it waits out longer throttling storms.
    public static AwsClientSettings Default { get; } = new(8, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60));
}
