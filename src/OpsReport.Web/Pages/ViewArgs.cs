using System.Globalization;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Pages;

/// <summary>
/// The parameters every view shares (<c>env</c>, <c>range</c>, <c>lang</c>) plus typed access to the view's own ones; a bad
/// value throws <see cref="BadViewRequestException"/> with the sentence the 400 response shows.
/// </summary>
public sealed record ViewArgs(ViewRequest Request, string Language, string? LanguageParameter, IQueryCollection Query, RouteValueDictionary Route)
{
    /// <summary>The dashboard's public address (<c>OpsReport:BaseUrl</c>), for links people paste into chat.</summary>
    public string Origin { get; init; } = "";

    /// <summary>True when the request named the environment (a finding link always does).</summary>
    public bool EnvironmentGiven => Query.ContainsKey("env");

    public const int MaxSearchLength = 100;

    public static ViewArgs Parse(HttpRequest http, EnvironmentCatalog catalog, IOptions<OpsReportOptions> options)
    {
        var query = http.Query;
        if (!ViewRequest.TryParse(One(query, "env"), One(query, "range"), catalog, out var request, out var error))
            throw error!;
        var lang = One(query, "lang");
        if (lang is { Length: > 0 } && !UiText.IsKnown(lang))
            throw new BadViewRequestException("badRequest.unknownLanguage", lang, string.Join(", ", UiText.Languages));
        var language = lang is { Length: > 0 } ? lang : UiText.IsKnown(options.Value.Language) ? options.Value.Language : "en";
        return new ViewArgs(request!, language, lang is { Length: > 0 } ? lang : null, query, http.RouteValues)
        {
            // From BaseUrl, never from the Host header: a link people paste must not point wherever a request claimed to be.
            Origin = options.Value.BaseUrl.TrimEnd('/'),
        };
    }

    public string? Text(string name, int maxLength = MaxSearchLength)
    {
        var value = One(Query, name);
        if (value is { } v && v.Length > maxLength)
            throw new BadViewRequestException("badRequest.tooLong", name, v.Length, maxLength);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public int Int(string name, int fallback, int min, int max)
    {
        var value = One(Query, name);
        if (string.IsNullOrEmpty(value))
            return fallback;
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new BadViewRequestException("badRequest.notWholeNumber", name, min, max, value);
        return n;
    }

    public string RouteValue(string name) => Route.TryGetValue(name, out var v) && v is string s ? s : "";

    /// <summary>A parameter given twice is a mistake worth a clear message rather than a silent pick.</summary>
    private static string? One(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
            return null;
        if (values.Count > 1)
            throw new BadViewRequestException("badRequest.repeated", name, values.Count);
        return values[0];
    }
}
