using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Hosting;

/// <summary>
/// <c>Auth:Mode Oidc</c>: authorization code flow with PKCE against <c>Auth:Oidc:Authority</c>; the id_token's email becomes
/// the person, kept in an 8-hour cookie. The client secret comes from configuration (the environment) and is never logged.
/// </summary>
internal static class OidcSignIn
{
    public static void Configure(OpenIdConnectOptions o, AuthOptions auth)
    {
        o.SignInScheme = SecurityPipeline.CookieScheme;
        o.Authority = auth.Oidc.Authority;
        o.ClientId = auth.Oidc.ClientId;
        o.ClientSecret = auth.Oidc.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        o.Scope.Clear();
        foreach (var scope in new[] { "openid", "email", "profile" })
            o.Scope.Add(scope);
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        // Plain http only for an issuer on this machine (the validator refuses any other).
        o.RequireHttpsMetadata = Uri.TryCreate(auth.Oidc.Authority, UriKind.Absolute, out var authority) && authority.Scheme == "https";
        o.TokenValidationParameters.NameClaimType = "email";
        // Behind a TLS-terminating proxy the request may be http; the correlation and nonce cookies must still come back.
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = context =>
            {
                var email = context.Principal?.FindFirst("email")?.Value;
                if (!AccessClaims.IsEmail(email))
                {
                    context.Fail("the issuer sent no usable email claim; add the 'email' scope to the client.");
                    return Task.CompletedTask;
                }
                context.Principal = AccessClaims.Person(email!, auth, SecurityPipeline.OidcScheme);
                return Task.CompletedTask;
            },
            // A refused sign-in (wrong audience, expired token, issuer error) is a 403 with a sentence, not a 500.
            OnRemoteFailure = async context =>
            {
                context.HandleResponse();
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn))
                    .LogWarning("OpenID Connect sign-in refused: {Reason}", context.Failure?.Message);
                await AccessGate.Refuse(context.HttpContext, StatusCodes.Status403Forbidden, AccessText.Get(AccessText.LanguageOf(context.HttpContext), "signInFailed"), api: false);
            },
        };
    }
}
