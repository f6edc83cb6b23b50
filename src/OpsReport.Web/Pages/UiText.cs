using System.Globalization;
using OpsReport.Core.Text;

namespace OpsReport.Web.Pages;

/// <summary>
/// The dashboard's words, looked up in the reader's catalog (<see cref="TextCatalog"/>). Chosen per request with
/// <c>?lang=</c>, defaulting to <c>OpsReport:Language</c>.
/// </summary>
public static class UiText
{
    public static IReadOnlyList<string> Languages => TextCatalog.Languages;

    public static bool IsKnown(string? language) => TextCatalog.IsKnown(language);

    public static CultureInfo Culture(string language) => TextCatalog.Culture(language);

    public static bool Has(string key) => TextCatalog.Has(key);

    public static string Get(string language, string key) => TextCatalog.Get(language, key);

    public static string Format(string language, string key, params object?[] args) => TextCatalog.Format(language, key, args);
}
