using OpsReport.Core.Text;

namespace OpsReport.Web.Hosting;

/// <summary>The sentences of sign-in, roles, limits and store failures: the <c>access.*</c> keys of the reader's catalog.</summary>
internal static class AccessText
{
    public static string Get(string language, string key) => TextCatalog.Get(language, "access." + key);

    public static string Format(string language, string key, params object?[] args) => TextCatalog.Format(language, "access." + key, args);

    /// <summary>The page language of a request: <c>?lang=</c> when it is known, else the configured language.</summary>
    public static string LanguageOf(HttpContext context)
    {
        var lang = context.Request.Query["lang"].FirstOrDefault();
        if (TextCatalog.IsKnown(lang))
            return lang!;
        return TextCatalog.Normalize(context.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<OpsReport.Core.Configuration.OpsReportOptions>>()?.Value.Language);
    }
}
