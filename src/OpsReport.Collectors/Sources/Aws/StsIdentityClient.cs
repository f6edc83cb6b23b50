using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>Who the environment's credentials are: STS <c>GetCallerIdentity</c> through AWSSDK.SecurityToken (needs no permission).</summary>
public static class StsIdentityClient
{
    /// <exception cref="AwsServiceException">STS rejected the credentials (named with the environment and action).</exception>
    /// <exception cref="AwsConfigurationException">No credentials could be resolved.</exception>
    public static async Task<CallerIdentity> GetCallerIdentityAsync(AwsConnection connection, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var credentials = await connection.GetAwsCredentialsAsync(cancellationToken);
        // Resolve (and for roles, assume) before the identity call, so an AssumeRole failure is reported as such.
        await connection.GetCredentialsAsync(cancellationToken);
        using var sts = new AmazonSecurityTokenServiceClient(credentials, AwsConnectionFactory.StsConfig(connection.Endpoints, connection.Region));
        meter.CountRequest("sts:GetCallerIdentity");
        try
        {
            var response = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
            return new CallerIdentity(response.Account, response.Arn);
        }
        catch (AmazonServiceException e)
        {
            throw new AwsServiceException(connection.Environment, "sts:GetCallerIdentity", e.StatusCode, e.ErrorCode ?? "Error", e.Message);
        }
    }
}

/// <summary>The account and principal the credentials belong to.</summary>
public sealed record CallerIdentity(string Account, string Arn);
