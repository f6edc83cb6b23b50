namespace OpsReport.Collectors.Sources.Demo;

/// <summary>An S3 bucket of a demo environment: its base size, and how fast it grows (since the bucket-growth incident when flagged).</summary>
public sealed record DemoBucket(string Name, double BaseGb, double GrowthGbPerDay, bool GrowsSinceIncident);
