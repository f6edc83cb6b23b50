namespace OpsReport.Collectors.Sources.Aws;

/// <summary>How one AWS service is reached on the wire: signing name, endpoint, protocol, and its endpoint-override variable.</summary>
/// <param name="EndpointVariable">Suffix of <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, as the SDKs name it (the service id, upper snake case).</param>
/// <param name="IamPrefix">Prefix of the service's IAM actions (<c>cloudwatch:GetMetricData</c>), used in error lines and the policy.</param>
/// <param name="GlobalRegion">Set for global services signed for one region (Cost Explorer: us-east-1).</param>
public sealed record AwsService(
    string Name,
    string SigningName,
    string EndpointPrefix,
    string EndpointVariable,
    string IamPrefix,
    string ContentType,
    string? TargetPrefix,
    string? GlobalRegion = null)
{
    public static readonly AwsService CloudWatch = new(
        "CloudWatch", "monitoring", "monitoring", "CLOUDWATCH", "cloudwatch", "application/x-amz-json-1.0", "GraniteServiceVersion20100801.");

    public static readonly AwsService Logs = new(
        "CloudWatch Logs", "logs", "logs", "CLOUDWATCH_LOGS", "logs", "application/x-amz-json-1.1", "Logs_20140328.");

    public static readonly AwsService CostExplorer = new(
        "Cost Explorer", "ce", "ce", "COST_EXPLORER", "ce", "application/x-amz-json-1.1", "AWSInsightsIndexService.", GlobalRegion: "us-east-1");

    public static readonly AwsService Ecs = new(
        "ECS", "ecs", "ecs", "ECS", "ecs", "application/x-amz-json-1.1", "AmazonEC2ContainerServiceV20141113.");

    public static readonly AwsService SesV2 = new(
        "SES v2", "ses", "email", "SESV2", "ses", "application/json", TargetPrefix: null);

    public static readonly AwsService Sts = new(
        "STS", "sts", "sts", "STS", "sts", "application/x-www-form-urlencoded", TargetPrefix: null);

    /// <summary>The region requests are signed for: the global service's own region, else the environment's.</summary>
    public string SigningRegion(string region) => GlobalRegion ?? region;

    /// <summary>The IAM action of an API call, e.g. <c>logs:StartQuery</c>.</summary>
    public string IamAction(string action) => IamPrefix + ":" + action;
}
