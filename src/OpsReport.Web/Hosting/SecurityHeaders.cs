namespace OpsReport.Web.Hosting;

/// <summary>
/// Headers on every response: no framing (a framed "send now" button was one click from sending), scripts only from
/// our own files, no MIME sniffing, no full URLs in Referer to other sites.
/// </summary>
internal static class SecurityHeaders
{
    // Inline style attributes colour the chart legends; scripts are only /app.js.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.Remove("Server");
    }
}
