using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Hosting;

/// <summary>
/// A sign-in mode that knows the person from the request alone (its address, a header set by a trusted proxy): no
/// challenge of its own, no session. The mode says who it is, or nobody (the access gate then answers 401/403).
/// </summary>
internal abstract class RequestIdentityHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, IOptions<OpsReportOptions> options)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    protected AuthOptions Auth => options.Value.Auth;

    /// <summary>The person this request comes from, or null for nobody.</summary>
    protected abstract ClaimsPrincipal? Identify();

    protected sealed override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(Identify() is { } person
            ? AuthenticateResult.Success(new AuthenticationTicket(person, Scheme.Name))
            : AuthenticateResult.NoResult());
}
