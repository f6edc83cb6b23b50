using System.Net;
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
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Local";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The in-process test server has no remote address: it is this machine.
        var remote = Context.Connection.RemoteIpAddress;
        if (remote is null || IPAddress.IsLoopback(remote))
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(AccessClaims.Local(isOperator: true, SchemeName), SchemeName)));
        if (options.Value.Auth.AllowAnonymous)
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(AccessClaims.Local(isOperator: false, SchemeName), SchemeName)));
        return Task.FromResult(AuthenticateResult.NoResult());
    }
}
