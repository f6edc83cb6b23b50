using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpsReport.Core.Security;

namespace OpsReport.Web.Hosting;

/// <summary><c>Authorization: Bearer opsr_…</c> on <c>/api/*</c> and CSV downloads: a token made with <c>token create</c>.</summary>
internal sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, IApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Token";

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.FirstOrDefault()?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true;

    public static bool AcceptsTokens(PathString path) =>
        path.StartsWithSegments("/api") || path.Value?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request) || !AcceptsTokens(Request.Path))
            return AuthenticateResult.NoResult();
        var token = await tokens.FindAsync(Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim(), Context.RequestAborted);
        return token is null
            ? AuthenticateResult.Fail("unknown or revoked token")
            : AuthenticateResult.Success(new AuthenticationTicket(AccessClaims.Token(token, SchemeName), SchemeName));
    }
}
