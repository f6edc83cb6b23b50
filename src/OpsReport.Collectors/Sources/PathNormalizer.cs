using System.Text.RegularExpressions;
using OpsReport.Core.Configuration;

namespace OpsReport.Collectors.Sources;

/// <summary>
/// The one normaliser of every source's request paths and resource names into route templates, so latency is kept per
/// route, not per URL, and a route from Logs Insights and the same route from Datadog APM are one row:
/// <c>/api/reports/123</c>, <c>GET /api/reports/123</c>, Datadog's quantized <c>GET /api/reports/?</c> and its tag form
/// <c>get_/api/reports/_id_</c> all become <c>/api/reports/{id}</c>. The configured rules run first, on the path as
/// the source gave it (only an HTTP method in front removed), then the built-in rules: the query string is cut, and
/// numeric ids, UUIDs, hex hashes, long opaque tokens and <c>?</c> placeholders become <c>{id}</c> segment by segment.
/// Resources that are not HTTP paths (jobs, SQL) are kept as they are.
/// </summary>
public sealed partial class PathNormalizer
{
    public const string IdPlaceholder = "{id}";

    // Rules come from configuration: bound their run time so a pathological pattern cannot stall collection.
    private static readonly TimeSpan RuleTimeout = TimeSpan.FromMilliseconds(100);

    private readonly IReadOnlyList<(Regex Pattern, string Replacement)> _rules;

    public PathNormalizer(IEnumerable<AwsPathRuleOptions> rules)
    {
        _rules = rules.Select(r => (new Regex(r.Pattern, RegexOptions.CultureInvariant, RuleTimeout), r.Replacement)).ToList();
    }

    public string Normalize(string pathOrResource)
    {
        var p = pathOrResource.Trim();
        // "GET /x" in span data; "get_/x" once Datadog has normalized it into a tag value (lower case, space → '_').
        var tagForm = false;
        if (MethodPrefix().Match(p) is { Success: true } method)
        {
            tagForm = p[method.Length - 1] == '_';
            p = p[method.Length..];
        }
        foreach (var (pattern, replacement) in _rules)
        {
            try
            {
                p = pattern.Replace(p, replacement);
            }
            catch (RegexMatchTimeoutException)
            {
                // A rule too slow for this path leaves it to the built-in rules.
            }
        }
        if (!p.StartsWith('/') && p.Contains(' ', StringComparison.Ordinal))
            return p;

        // Datadog's obfuscation puts a lone '?' where an id was ("/invoices/?/pdf"): a segment, not a query string.
        var segments = p.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            if (segments[i] == "?")
                segments[i] = IdPlaceholder;
        }
        p = string.Join('/', segments);
        var cut = p.IndexOfAny(['?', '#']);
        if (cut >= 0)
            p = p[..cut];
        if (p.Length == 0)
            return "/";
        return string.Join('/', p.Split('/').Select(s => NormalizeSegment(s, tagForm)));
    }

    private static string NormalizeSegment(string segment, bool tagForm)
    {
        if (segment.Length == 0 || segment.StartsWith('{'))
            return segment;
        if (tagForm)
        {
            // Tag normalization turns the braces of a template into '_' ("_id_" was "{id}") and a '?' placeholder into "_".
            if (segment == "_")
                return IdPlaceholder;
            if (TagTemplate().Match(segment) is { Success: true } m)
                return "{" + m.Groups[1].Value + "}";
        }
        if (Numeric().IsMatch(segment) || Uuid().IsMatch(segment) || HexHash().IsMatch(segment))
            return IdPlaceholder;
        // ULIDs, base64 ids, slugs with embedded ids: long, and mixing letters with digits.
        if (segment.Length >= 20 && OpaqueToken().IsMatch(segment) && segment.Any(char.IsAsciiDigit) && segment.Any(char.IsAsciiLetter))
            return IdPlaceholder;
        return segment;
    }

    [GeneratedRegex(@"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ _](?=/)", RegexOptions.IgnoreCase)]
    private static partial Regex MethodPrefix();

    [GeneratedRegex(@"^_([a-z][a-z0-9_]*?)_$")]
    private static partial Regex TagTemplate();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^(?=.*\d)[0-9a-fA-F]{16,}$")]
    private static partial Regex HexHash();

    [GeneratedRegex(@"^[A-Za-z0-9_\-]+$")]
    private static partial Regex OpaqueToken();
}
