namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>An environment's Datadog settings cannot work (no API or application key, a bad site or base URL).</summary>
public sealed class DatadogConfigurationException(string message) : Exception(message);
