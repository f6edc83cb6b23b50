using OpsReport.Core.Text;

namespace OpsReport.Web.Pages;

/// <summary>
/// A request parameter that cannot be used: a catalog key and its arguments, shown with a 400 status in the reader's
/// language (<see cref="Text"/>); <see cref="Exception.Message"/> is the English sentence (API problem details, logs).
/// </summary>
public sealed class BadViewRequestException(string key, params object?[] args) : Exception(TextCatalog.Format(TextCatalog.English, key, args))
{
    public string Key { get; } = key;

    /// <summary>The sentence in <paramref name="language"/>.</summary>
    public string Text(string? language) => TextCatalog.Format(language, Key, args);
}
