namespace OpsReport.Collectors.Sources.Demo;

/// <summary>
/// A normalized route of the demo product with its typical latency (log-normal median and shape), its share of a
/// tenant's requests, its error rate, and the smallest tenant size that uses it.
/// </summary>
public sealed record DemoPath(string Template, string Service, double MedianMs, double Sigma, double Weight, double ErrorRate, DemoTenantSize UsedFrom);
