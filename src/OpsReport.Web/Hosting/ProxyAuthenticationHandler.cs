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
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Proxy";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var auth = options.Value.Auth;
        if (!TrustedProxies.IsTrusted(Context, auth))
            return Task.FromResult(AuthenticateResult.NoResult());
        var values = Request.Headers[auth.Proxy.Header];
        if (values.Count != 1 || !AccessClaims.IsEmail(values[0]))
            return Task.FromResult(AuthenticateResult.NoResult());
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(AccessClaims.Person(values[0]!, auth, SchemeName), SchemeName)));
    }
}
