namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// What environments using the same keys on the same site share: they read one Datadog organization, so they share its
/// request budget and its rate limits, and its usage and cost are collected once (by <see cref="OwnerEnvironment"/>).
/// </summary>
internal sealed class DatadogOrganization(string ownerEnvironment, IReadOnlyList<string> environments, DatadogRequestPacer pacer, DatadogRateLimits limits)
{
    public string OwnerEnvironment { get; } = ownerEnvironment;

    public IReadOnlyList<string> Environments { get; } = environments;

    public DatadogRequestPacer Pacer { get; } = pacer;

    public DatadogRateLimits RateLimits { get; } = limits;
}
