using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Hosting;

/// <summary>
/// Hides the OpenID Connect scheme unless <c>Auth:Mode</c> is Oidc: the authentication middleware initializes every remote
/// scheme on every request, and OIDC without an issuer and client id would fail each of them.
/// </summary>
internal sealed class ModeSchemeProvider(IOptions<AuthenticationOptions> authentication, IOptions<OpsReportOptions> options) : AuthenticationSchemeProvider(authentication)
{
    private bool OidcOn => options.Value.Auth.Mode == AuthMode.Oidc;

    public override async Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync() =>
        OidcOn ? await base.GetRequestHandlerSchemesAsync() : (await base.GetRequestHandlerSchemesAsync()).Where(s => s.Name != SecurityPipeline.OidcScheme);

    public override Task<AuthenticationScheme?> GetSchemeAsync(string name) =>
        name == SecurityPipeline.OidcScheme && !OidcOn ? Task.FromResult<AuthenticationScheme?>(null) : base.GetSchemeAsync(name);
}
