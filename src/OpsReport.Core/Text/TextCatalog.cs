using System.Globalization;
using System.Text.Json;

namespace OpsReport.Core.Text;

/// <summary>
/// Every word a reader sees, one catalog per language (<c>Text/catalog.en.json</c>, <c>Text/catalog.ja.json</c>, embedded in
/// Core and read once): pages, PDF, email, CLI summaries and finding texts all look their words up here by key.
/// Templates use composite format items (<c>{0}</c>); the values passed in are already formatted for the reader.
/// </summary>
public static class TextCatalog
{
    public const string English = "en";
    public const string Japanese = "ja";

    public static readonly IReadOnlyList<string> Languages = [English, Japanese];

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> Catalogs = new(Load);

    /// <summary>True for a language that has a catalog.</summary>
    public static bool IsKnown(string? language) => language is English or Japanese;

    /// <summary>The catalog language for a requested one: Japanese for <c>ja</c>, English for anything else.</summary>
    public static string Normalize(string? language) => language == Japanese ? Japanese : English;

    /// <summary>The culture numbers, dates and weekday names are written in for a reader of this language.</summary>
    public static CultureInfo Culture(string? language) => CultureInfo.GetCultureInfo(Normalize(language) == Japanese ? "ja-JP" : "en-US");

    /// <summary>The keys of one language's catalog (both hold the same keys; a test checks it).</summary>
    public static IEnumerable<string> Keys(string language) => Catalog(language).Keys;

    public static bool Has(string key) => Catalog(English).ContainsKey(key);

    public static string Get(string? language, string key) =>
        Catalog(Normalize(language)).TryGetValue(key, out var text)
            ? text
            : throw new KeyNotFoundException($"catalog.{Normalize(language)}.json has no key '{key}'; add it to both catalogs.");

    public static string Format(string? language, string key, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(language, key), args);

    private static IReadOnlyDictionary<string, string> Catalog(string language) => Catalogs.Value[Normalize(language)];

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Load() =>
        Languages.ToDictionary(l => l, l => Read(l), StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, string> Read(string language)
    {
        var name = $"OpsReport.Core.Text.catalog.{language}.json";
        using var stream = typeof(TextCatalog).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from {typeof(TextCatalog).Assembly.GetName().Name}.");
        return Parse(stream, $"catalog.{language}.json");
    }

    /// <summary>A catalog's keys and texts; a duplicate key or a value that is not a string stops with the key named.</summary>
    internal static IReadOnlyDictionary<string, string> Parse(Stream json, string file)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{file}: key '{property.Name}' must be a string.");
            if (!texts.TryAdd(property.Name, property.Value.GetString()!))
                throw new InvalidDataException($"{file}: key '{property.Name}' appears twice.");
        }
        return texts;
    }
}
