namespace OpsReport.Collectors.Sources.Aws;

/// <summary>An AWS call that got no answer within its per-call timeout (retried like throttling).</summary>
public sealed class AwsTimeoutException(string message) : TimeoutException(message);
