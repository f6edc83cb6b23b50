using System.Text.RegularExpressions;
using OpsReport.Core.Configuration;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// Turns request paths into route templates (<c>/api/reports/123</c> → <c>/api/reports/{id}</c>) so latency is kept per
/// route, not per URL: the configured rules first, then numeric ids, UUIDs, hex hashes and long opaque tokens per segment.
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

    public string Normalize(string path)
    {
        var p = path.Trim();
        var cut = p.IndexOfAny(['?', '#']);
        if (cut >= 0)
            p = p[..cut];
        if (p.Length == 0)
            return "/";
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
        return string.Join('/', p.Split('/').Select(NormalizeSegment));
    }

    private static string NormalizeSegment(string segment)
    {
        if (segment.Length == 0 || segment.StartsWith('{'))
            return segment;
        if (Numeric().IsMatch(segment) || Uuid().IsMatch(segment) || HexHash().IsMatch(segment))
            return IdPlaceholder;
        // ULIDs, base64 ids, slugs with embedded ids: long, and mixing letters with digits.
        if (segment.Length >= 20 && OpaqueToken().IsMatch(segment) && segment.Any(char.IsAsciiDigit) && segment.Any(char.IsAsciiLetter))
            return IdPlaceholder;
        return segment;
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^(?=.*\d)[0-9a-fA-F]{16,}$")]
    private static partial Regex HexHash();

    [GeneratedRegex(@"^[A-Za-z0-9_\-]+$")]
    private static partial Regex OpaqueToken();
}
