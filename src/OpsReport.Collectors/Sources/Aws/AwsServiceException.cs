using System.Net;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// An AWS API call that failed. The message names the environment and the IAM action (e.g.
/// <c>prod: cloudwatch:GetMetricData denied (AccessDeniedException: …)</c>) and never carries credentials.
/// </summary>
public sealed class AwsServiceException : Exception
{
    // Codes AWS services use for "slow down" (JSON and query protocols), plus Logs' concurrency limit (AWS.md).
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "LimitExceededException", "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException",
        "SlowDown", "ServiceUnavailable", "ServiceUnavailableException",
    };

    private static readonly HashSet<string> DeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "AuthorizationError",
    };

    private static readonly HashSet<string> CredentialCodes = new(StringComparer.Ordinal)
    {
        "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch",
        "ExpiredTokenException", "ExpiredToken", "IncompleteSignature", "MissingAuthenticationToken", "InvalidAccessKeyId",
    };

    public AwsServiceException(string environment, string iamAction, HttpStatusCode status, string errorCode, string errorMessage)
        : base(Describe(environment, iamAction, status, errorCode, errorMessage))
    {
        Environment = environment;
        IamAction = iamAction;
        StatusCode = status;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    public string Environment { get; }

    /// <summary>e.g. <c>logs:StartQuery</c>.</summary>
    public string IamAction { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The error type without its namespace, e.g. <c>ThrottlingException</c>.</summary>
    public string ErrorCode { get; }

    public string ErrorMessage { get; }

    /// <summary>Throttling, 429 and 5xx: worth retrying with backoff. Validation and permission errors are not.</summary>
    public bool IsRetryable => ThrottlingCodes.Contains(ErrorCode) || (int)StatusCode == 429 || (int)StatusCode >= 500;

    public bool IsAccessDenied => DeniedCodes.Contains(ErrorCode);

    public bool IsCredentialProblem => CredentialCodes.Contains(ErrorCode);

    private static string Describe(string environment, string iamAction, HttpStatusCode status, string code, string message)
    {
        var detail = string.IsNullOrWhiteSpace(message) ? code : $"{code}: {message}";
        if (DeniedCodes.Contains(code))
            return $"{environment}: {iamAction} denied ({detail}); allow {iamAction} in the IAM policy (README, Connect AWS).";
        if (CredentialCodes.Contains(code))
            return $"{environment}: {iamAction} rejected the credentials ({detail}); check the profile, role or AWS_* variables of this environment.";
        return $"{environment}: {iamAction} failed with HTTP {(int)status} ({detail}).";
    }
}
