using Amazon.Runtime;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>One environment's way into AWS: region, credentials (resolved on first use) and endpoints.</summary>
public sealed class AwsConnection
{
    private readonly Func<CancellationToken, Task<AWSCredentials>> _resolve;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AWSCredentials? _credentials;

    public AwsConnection(string environment, string region, string credentialsDescription, Func<CancellationToken, Task<AWSCredentials>> resolveCredentials, AwsEndpointResolver endpoints)
    {
        Environment = environment;
        Region = region;
        CredentialsDescription = credentialsDescription;
        _resolve = resolveCredentials;
        Endpoints = endpoints;
    }

    /// <summary>For tests and fixed keys: credentials known up front.</summary>
    public AwsConnection(string environment, string region, AWSCredentials credentials, AwsEndpointResolver endpoints)
        : this(environment, region, "given credentials", _ => Task.FromResult(credentials), endpoints)
    {
    }

    public string Environment { get; }

    public string Region { get; }

    /// <summary>Where the credentials come from, e.g. "profile prod-readonly, then role arn:…" (never the keys).</summary>
    public string CredentialsDescription { get; }

    public AwsEndpointResolver Endpoints { get; }

    /// <summary>The current keys (refreshed by the SDK for roles, SSO and instance credentials).</summary>
    /// <exception cref="AwsConfigurationException">No credentials could be found for the environment.</exception>
    public async Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        var credentials = await GetAwsCredentialsAsync(cancellationToken);
        try
        {
            return await credentials.GetCredentialsAsync();
        }
        catch (AwsServiceException)
        {
            throw;
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException or InvalidOperationException or IOException)
        {
            throw new AwsConfigurationException($"{Environment}: no AWS credentials from {CredentialsDescription}: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>The SDK credentials object, for SDK clients (STS).</summary>
    public async Task<AWSCredentials> GetAwsCredentialsAsync(CancellationToken cancellationToken)
    {
        if (_credentials is { } known)
            return known;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _credentials ??= await _resolve(cancellationToken);
            return _credentials;
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException or InvalidOperationException or IOException)
        {
            throw new AwsConfigurationException($"{Environment}: no AWS credentials from {CredentialsDescription}: {OneLine(e.Message)}", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
