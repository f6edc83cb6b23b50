using System.Net;
using System.Text.RegularExpressions;

namespace OpsReport.Web.Tests.Support;

/// <summary>
/// Finds text of the other language in what a reader sees: Japanese script in English output, runs of English words
/// (and English weekday or month names) in Japanese output. Names, identifiers, units and a small allow-list aside.
/// </summary>
internal static partial class ReaderLanguage
{
    // Words that stay as they are in Japanese text: units, acronyms, product and feature names, log levels.
    private static readonly HashSet<string> KeptWords = new(StringComparer.Ordinal)
    {
        "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "TRACE", "FATAL",
        "JSON", "CSV", "PDF", "API", "AWS", "UTC", "ISO", "IANA", "SLO", "URL", "OIDC",
        "ms", "KB", "MB", "GB", "TB", "PB", "USD", "pt",
        "OpsReport", "Datadog", "CloudWatch", "Logs", "Insights", "Cost", "Explorer", "English",
    };

    // Names of things, written as their owners write them (AWS services and usage types, the SDK's sign-in provider).
    private static readonly string[] KeptPhrases =
    [
        @"\b(?:Amazon|AWS)(?: [A-Z][A-Za-z0-9]*)+", @"\bEC2 - Other\b", @"\bElastic [A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*",
        @"\bCost Explorer\b", @"\bLogs Insights\b",
    ];

    /// <summary>
    /// What a reader sees of a page: its text and the words of its tooltips, labels and placeholders. Code (a cron
    /// expression, a parameter as the API words it) is an identifier, and samp a record quoted as it is (a mail server's
    /// answer, a subject as sent): both are left out.
    /// </summary>
    public static string VisibleText(string html)
    {
        var text = ScriptStyleOrCode().Replace(html, " ");
        var attributes = string.Join("\n", ReaderAttribute().Matches(text).Select(m => m.Groups[2].Value));
        text = Tag().Replace(text, "\n") + "\n" + attributes;
        return WebUtility.HtmlDecode(text);
    }

    /// <summary>The places where Japanese script appears in text meant to be English, with what is around them.</summary>
    public static IReadOnlyList<string> JapaneseIn(string text, IEnumerable<string> names)
    {
        var rest = WithoutNames(text, names.Append("日本語"));
        return JapaneseRun().Matches(rest).Select(m => Around(rest, m)).Distinct().ToList();
    }

    /// <summary>The runs of English words (two or more) and English weekday or month names in text meant to be Japanese.</summary>
    public static IReadOnlyList<string> EnglishIn(string text, IEnumerable<string> names)
    {
        var rest = WithoutNames(text, names);
        foreach (var phrase in KeptPhrases)
            rest = Regex.Replace(rest, phrase, "·");
        var found = new List<string>();
        foreach (Match m in EnglishRun().Matches(rest))
        {
            if (m.Value.Split(' ').Any(w => !KeptWords.Contains(w)))
                found.Add(Around(rest, m));
        }
        found.AddRange(EnglishCalendarWord().Matches(rest).Select(m => Around(rest, m)));
        return found.Distinct().ToList();
    }

    // A name is taken out where it stands as a word ("prod", not the "prod" of "production").
    private static string WithoutNames(string text, IEnumerable<string> names)
    {
        foreach (var name in names.Where(n => n.Length > 0).Distinct().OrderByDescending(n => n.Length))
            text = Regex.Replace(text, @"(?<![A-Za-z0-9_\-])" + Regex.Escape(name) + @"(?![A-Za-z0-9_\-])", "·");
        return text;
    }

    private static string Around(string text, Match m)
    {
        var from = Math.Max(0, m.Index - 30);
        var to = Math.Min(text.Length, m.Index + m.Length + 30);
        return "«" + m.Value + "» in …" + text[from..to].ReplaceLineEndings(" ") + "…";
    }

    [GeneratedRegex(@"<(script|style|code|samp)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptStyleOrCode();

    [GeneratedRegex(@"\b(title|aria-label|placeholder|alt)=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex ReaderAttribute();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")]
    private static partial Regex JapaneseRun();

    // Two or more words of letters only, one space apart, not part of an identifier (a path, a host, a key, a version).
    [GeneratedRegex(@"(?<![\w/.:@{\-])[A-Za-z]{2,}(?: [A-Za-z]{2,})+(?![\w/@}\-]|\.\w)")]
    private static partial Regex EnglishRun();

    [GeneratedRegex(@"(?<![\w/.\-])(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?![\w/\-])")]
    private static partial Regex EnglishCalendarWord();
}
