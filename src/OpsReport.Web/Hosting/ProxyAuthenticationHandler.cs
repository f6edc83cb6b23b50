using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Hosting;

/// <summary>
/// <c>Auth:Mode Proxy</c>: the person is the email in <c>Auth:Proxy:Header</c>, believed only when the request comes
/// straight from one of <c>Auth:Proxy:TrustedProxies</c> (anyone else could set the header themselves).
/// </summary>
internal sealed class ProxyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, IOptions<OpsReportOptions> options)
    : RequestIdentityHandler(schemeOptions, logger, encoder, options)
{
    public const string SchemeName = "Proxy";

    protected override ClaimsPrincipal? Identify()
    {
        if (!TrustedProxies.IsTrusted(Context, Auth))
            return null;
        var values = Request.Headers[Auth.Proxy.Header];
        return values.Count == 1 && AccessClaims.IsEmail(values[0]) ? AccessClaims.Person(values[0]!, Auth, SchemeName) : null;
    }
}
