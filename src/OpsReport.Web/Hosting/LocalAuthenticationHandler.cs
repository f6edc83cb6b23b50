using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Hosting;

/// <summary>
/// <c>Auth:Mode None</c>: a request from this machine is the local operator; from elsewhere (only with
/// <c>Auth:AllowAnonymous</c>) an anonymous reader; otherwise nobody.
/// </summary>
internal sealed class LocalAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, IOptions<OpsReportOptions> options)
    : RequestIdentityHandler(schemeOptions, logger, encoder, options)
{
    public const string SchemeName = "Local";

    protected override ClaimsPrincipal? Identify()
    {
        // The in-process test server has no remote address: it is this machine.
        var remote = Context.Connection.RemoteIpAddress;
        if (remote is null || IPAddress.IsLoopback(remote))
            return AccessClaims.Local(isOperator: true, SchemeName);
        return Auth.AllowAnonymous ? AccessClaims.Local(isOperator: false, SchemeName) : null;
    }
}
