using System.Text.RegularExpressions;

namespace OpsReport.Core.Configuration;

/// <summary>Checks one environment's <c>Aws</c> section and names the exact key of every mistake.</summary>
public static partial class AwsOptionsValidator
{
    /// <summary>The CloudWatch namespaces the AWS sources map to OpsReport metrics (a test keeps this equal to the source's catalog).</summary>
    public static readonly IReadOnlyList<string> SupportedNamespaces =
    [
        "AWS/ApplicationELB", "AWS/ECS", "CWAgent", "AWS/Lambda", "AWS/RDS", "AWS/ElastiCache", "AWS/Logs", "AWS/S3", "AWS/EC2",
    ];

    // One Logs Insights query takes at most 50 log groups (StartQuery logGroupNames).
    private const int MaxLogGroups = 50;

    // Accounts run a few tens of Insights queries at once (30 by default); OpsReport must leave room for people.
    private const int MaxInsightsConcurrency = 30;

    /// <param name="key">The section's key, e.g. <c>OpsReport:Environments:0:Aws</c>.</param>
    public static IEnumerable<string> Errors(AwsEnvironmentOptions aws, string key)
    {
        if (aws.Profile is not null && string.IsNullOrWhiteSpace(aws.Profile))
            yield return $"{key}:Profile: must name a profile of ~/.aws/config or be left out (the standard credential chain is used then).";
        if (aws.RoleArn is not null && !RoleArn().IsMatch(aws.RoleArn))
            yield return $"{key}:RoleArn: '{aws.RoleArn}' is not an IAM role ARN; expected e.g. arn:aws:iam::123456789012:role/OpsReportReadOnly.";
        if (aws.ExternalId is not null && aws.RoleArn is null)
            yield return $"{key}:ExternalId: only used with RoleArn; set RoleArn or remove ExternalId.";
        if (aws.Region is not null && !Region().IsMatch(aws.Region))
            yield return $"{key}:Region: '{aws.Region}' is not an AWS region; expected e.g. ap-northeast-1 or us-east-1.";

        for (var i = 0; i < aws.Namespaces.Count; i++)
        {
            if (!SupportedNamespaces.Contains(aws.Namespaces[i], StringComparer.Ordinal))
                yield return $"{key}:Namespaces:{i}: '{aws.Namespaces[i]}' is not collected by OpsReport; expected one of {string.Join(", ", SupportedNamespaces)}.";
        }

        if (aws.LogGroups.Count > MaxLogGroups)
            yield return $"{key}:LogGroups: {aws.LogGroups.Count} log groups; one Logs Insights query takes at most {MaxLogGroups}.";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < aws.LogGroups.Count; i++)
        {
            var name = aws.LogGroups[i];
            if (!LogGroupName().IsMatch(name))
                yield return $"{key}:LogGroups:{i}: '{name}' is not a log group name; expected e.g. /ecs/api (letters, digits, and . - _ / #, at most 512).";
            else if (!seen.Add(name))
                yield return $"{key}:LogGroups:{i}: '{name}' is listed twice.";
        }

        var clusters = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < aws.EcsClusters.Count; i++)
        {
            // Cluster names are 1–255 letters, digits, hyphens and underscores; an ARN is accepted as well.
            var cluster = aws.EcsClusters[i];
            if (!EcsCluster().IsMatch(cluster))
                yield return $"{key}:EcsClusters:{i}: '{cluster}' is not an ECS cluster name or ARN; expected e.g. main or arn:aws:ecs:ap-northeast-1:123456789012:cluster/main.";
            else if (!clusters.Add(cluster))
                yield return $"{key}:EcsClusters:{i}: '{cluster}' is listed twice.";
        }

        foreach (var (field, value, required) in new[]
        {
            ("PathField", aws.PathField, true),
            ("DurationField", aws.DurationField, true),
            ("TenantField", aws.TenantField, false),
            ("StatusField", aws.StatusField, false),
            ("LevelField", aws.LevelField, false),
        })
        {
            if (string.IsNullOrEmpty(value))
            {
                if (required)
                    yield return $"{key}:{field}: must name a log field, e.g. {(field == "PathField" ? "path" : "duration_ms")}.";
            }
            else if (!FieldName().IsMatch(value))
            {
                yield return $"{key}:{field}: '{value}' is not a log field name; expected letters, digits and _ . - @ (nested JSON fields use dots, e.g. http.path).";
            }
        }
        if (aws.DurationUnit is not ("ms" or "s"))
            yield return $"{key}:DurationUnit: '{aws.DurationUnit}' is not supported; expected ms or s.";

        for (var i = 0; i < aws.PathRules.Count; i++)
        {
            var rule = aws.PathRules[i];
            if (string.IsNullOrEmpty(rule.Pattern))
            {
                yield return $"{key}:PathRules:{i}:Pattern: must be a regular expression, e.g. ^/files/.+$.";
                continue;
            }
            string? problem = null;
            try
            {
                _ = new Regex(rule.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                problem = e.Message;
            }
            if (problem is not null)
                yield return $"{key}:PathRules:{i}:Pattern: '{rule.Pattern}' is not a valid regular expression: {problem}";
        }

        foreach (var (id, name) in aws.Tenants)
        {
            if (string.IsNullOrWhiteSpace(name))
                yield return $"{key}:Tenants:{id}: needs a display name, e.g. \"株式会社サンプル\".";
        }

        if (aws.InsightsConcurrency is < 1 or > MaxInsightsConcurrency)
            yield return $"{key}:InsightsConcurrency: {aws.InsightsConcurrency} is out of range; expected 1 to {MaxInsightsConcurrency} (default 4).";
        // A Logs Insights query runs at most 60 minutes.
        if (aws.InsightsQueryTimeout < TimeSpan.FromSeconds(1) || aws.InsightsQueryTimeout > TimeSpan.FromMinutes(60))
            yield return $"{key}:InsightsQueryTimeout: {aws.InsightsQueryTimeout} is out of range; expected 00:00:01 to 01:00:00 (default 00:15:00).";
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")]
    private static partial Regex Region();

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]{1,512}$")]
    private static partial Regex LogGroupName();

    [GeneratedRegex(@"^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster/[A-Za-z0-9_-]{1,255})$")]
    private static partial Regex EcsCluster();

    [GeneratedRegex(@"^[@A-Za-z0-9_.\-]{1,128}$")]
    private static partial Regex FieldName();
}
