using System.Text.RegularExpressions;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Core.Configuration;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// Turns APM resource names into the same route templates the AWS sources use (<c>GET /api/reports/123</c> and the tag
/// form <c>get_/api/reports/_id_</c> both become <c>/api/reports/{id}</c>), so the latency explorer and the findings
/// treat Datadog and CloudWatch paths alike. Resources that are not HTTP paths (jobs, queries) are kept as they are.
/// </summary>
public sealed partial class DatadogResourcePaths(IEnumerable<AwsPathRuleOptions> rules)
{
    private readonly PathNormalizer _normalizer = new(rules);

    public string ToPath(string resource)
    {
        var text = resource.Trim();
        // "GET /x" in span data; "get_/x" once Datadog has normalized it into a tag value (lower case, space → '_').
        if (MethodPrefix().Match(text) is { Success: true } method)
            text = text[method.Length..];
        if (!text.StartsWith('/'))
            return text.Length == 0 ? resource : text;
        // Tag normalization also turns the braces of a template into '_': "_id_" was "{id}".
        text = string.Join('/', text.Split('/').Select(s => TagTemplate().Match(s) is { Success: true } m ? "{" + m.Groups[1].Value + "}" : s));
        return _normalizer.Normalize(text);
    }

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ _](?=/)", RegexOptions.IgnoreCase)]
    private static partial Regex MethodPrefix();

    [GeneratedRegex(@"^_([a-z][a-z0-9_]*?)_$")]
    private static partial Regex TagTemplate();
}
