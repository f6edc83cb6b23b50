namespace OpsReport.Collectors.Sources.Aws;

/// <summary>An environment's AWS settings cannot work (no region, no credentials, a bad endpoint override).</summary>
public sealed class AwsConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
