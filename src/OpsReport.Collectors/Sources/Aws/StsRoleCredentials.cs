using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Credentials of an assumed role, refreshed before they expire. Calls STS in the environment's region through the
/// same endpoint resolution as every other call, so <c>AWS_ENDPOINT_URL_STS</c> works for it too.
/// </summary>
internal sealed class StsRoleCredentials(
    string environment,
    AWSCredentials source,
    string roleArn,
    string? externalId,
    Func<AmazonSecurityTokenServiceConfig> config) : RefreshingAWSCredentials
{
    private const int SessionSeconds = 3600;

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        using var sts = new AmazonSecurityTokenServiceClient(source, config());
        var request = new AssumeRoleRequest
        {
            RoleArn = roleArn,
            // Shows in CloudTrail which OpsReport environment used the role.
            RoleSessionName = "opsreport-" + environment,
            DurationSeconds = SessionSeconds,
            ExternalId = externalId,
        };
        try
        {
            var response = await sts.AssumeRoleAsync(request);
            var c = response.Credentials;
            return new CredentialsRefreshState(
                new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken),
                c.Expiration?.ToUniversalTime() ?? DateTime.UtcNow.AddSeconds(SessionSeconds));
        }
        catch (AmazonSecurityTokenServiceException e)
        {
            throw new AwsServiceException(environment, "sts:AssumeRole", e.StatusCode, e.ErrorCode ?? "Error", $"{e.Message} (role {roleArn})");
        }
    }
}
