namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Where a service's requests go: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, else <c>AWS_ENDPOINT_URL</c>, else the public
/// regional endpoint, as the AWS SDKs and CLI resolve it (<c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c> turns overrides off).
/// </summary>
public sealed class AwsEndpointResolver(Func<string, string?> environment)
{
    public static AwsEndpointResolver FromProcess { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>The service's base URL (ending in '/'), and whether it came from an override.</summary>
    /// <exception cref="AwsConfigurationException">An override variable is not an absolute http(s) URL.</exception>
    public (Uri Endpoint, bool Overridden) Resolve(AwsService service, string region)
    {
        if (!IsTrue(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")))
        {
            foreach (var variable in new[] { "AWS_ENDPOINT_URL_" + service.EndpointVariable, "AWS_ENDPOINT_URL" })
            {
                var value = environment(variable);
                if (string.IsNullOrWhiteSpace(value))
                    continue;
                if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw new AwsConfigurationException($"{variable}='{value}' is not an absolute http(s) URL; expected e.g. http://127.0.0.1:5000.");
                return (EnsureTrailingSlash(uri), true);
            }
        }
        var signingRegion = service.SigningRegion(region);
        var suffix = signingRegion.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return (new Uri($"https://{service.EndpointPrefix}.{signingRegion}.{suffix}/"), false);
    }

    private static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/" + uri.Query);

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
