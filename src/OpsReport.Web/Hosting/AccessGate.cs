using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Web.Pages;

namespace OpsReport.Web.Hosting;

/// <summary>
/// After authentication: lets through who may read (a page without sign-in gets 403 or the issuer's sign-in, the API 401),
/// refuses accounts outside <c>Auth:AllowedDomains</c>, and lets only operators send or change anything (every method but GET/HEAD).
/// Health checks and static files stay open.
/// </summary>
internal sealed class AccessGate(RequestDelegate next, IWebHostEnvironment environment)
{
    public async Task InvokeAsync(HttpContext context, IOptions<OpsReportOptions> options)
    {
        var path = context.Request.Path;
        if (path == "/healthz" || path == "/readyz" || IsStaticFile(path))
        {
            await next(context);
            return;
        }
        var auth = options.Value.Auth;
        var user = context.User;
        var api = ApiTokenAuthenticationHandler.AcceptsTokens(path);
        var language = AccessText.LanguageOf(context);
        if (user.Identity?.IsAuthenticated != true)
        {
            if (api)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Refuse(context, StatusCodes.Status401Unauthorized, AccessText.Get(language, "tokenRequired"), api);
            }
            else if (auth.Mode == AuthMode.Oidc && HttpMethods.IsGet(context.Request.Method))
            {
                await context.ChallengeAsync(SecurityPipeline.OidcScheme, new AuthenticationProperties { RedirectUri = path + context.Request.QueryString });
            }
            else
            {
                await Refuse(context, StatusCodes.Status403Forbidden, AccessText.Get(language, auth.Mode == AuthMode.None ? "localOnly" : "signInRequired"), api);
            }
            return;
        }
        if (user.FindFirst(ClaimTypes.Email)?.Value is { } email && !AccessClaims.DomainAllowed(email, auth))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, AccessText.Format(language, "domainRefused", email), api);
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !user.IsInRole(AccessClaims.Operator))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, AccessText.Get(language, "operatorOnly"), api);
            return;
        }
        await next(context);
    }

    /// <summary>A sentence as a page, or as problem JSON for the API and CSV routes.</summary>
    public static async Task Refuse(HttpContext context, int status, string message, bool api)
    {
        IResult result = api
            ? TypedResults.Problem(detail: message, statusCode: status)
            : await ErrorPages.ResultAsync(context, message, status);
        await result.ExecuteAsync(context);
    }

    private bool IsStaticFile(PathString path) =>
        path.HasValue && path.Value!.LastIndexOf('/') == 0 && path.Value.Contains('.', StringComparison.Ordinal)
        && environment.WebRootFileProvider.GetFileInfo(path.Value).Exists;
}
