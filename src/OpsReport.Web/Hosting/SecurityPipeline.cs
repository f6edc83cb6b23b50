using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Security;

namespace OpsReport.Web.Hosting;

/// <summary>
/// Sign-in (None, Proxy, Oidc, API tokens), roles, security headers, allowed hosts, forwarded headers from trusted proxies
/// only, the rendering limit with its cache, and store failures as 503. Options are read when the host is built, so test
/// hosts and environment variables set the mode like appsettings.json does.
/// </summary>
public static class SecurityPipeline
{
    public const string SelectorScheme = "OpsReport";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>API tokens live in the store (the shared database on PostgreSQL), for <c>serve</c> and the <c>token</c> commands alike.</summary>
    public static IServiceCollection AddOpsReportApiTokens(this IServiceCollection services) =>
        services.AddSingleton<IApiTokenStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OpsReportOptions>>().Value;
            return options.Store.Provider == "Postgres"
                ? new PostgresApiTokenStore(options.Store.ConnectionString!)
                : new SqliteApiTokenStore(Path.Combine(options.DataDir, "opsreport.db"));
        });

    public static WebApplicationBuilder AddOpsReportSecurity(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        var services = builder.Services;
        services.AddSingleton<StoreHealth>();
        services.AddSingleton<DataVersion>();
        services.AddSingleton<IdleMemoryCompactor>();
        services.AddHostedService(sp => sp.GetRequiredService<IdleMemoryCompactor>());
        services.AddSingleton<OpsReport.Web.Pages.SendFormValidator>();
        services.AddOpsReportKeyRing();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "opsreport.antiforgery";
            // Our own X-Frame-Options (DENY) is on every response.
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, null, o => o.ForwardDefaultSelector = SchemeFor)
            .AddScheme<AuthenticationSchemeOptions, LocalAuthenticationHandler>(LocalAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ProxyAuthenticationHandler>(ProxyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "opsreport.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            })
            .AddOpenIdConnect(OidcScheme, _ => { });
        services.AddSingleton<IAuthenticationSchemeProvider, ModeSchemeProvider>();
        services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<IOptions<OpsReportOptions>>((o, options) => OidcSignIn.Configure(o, options.Value.Auth));
        services.AddOptions<HostFilteringOptions>().Configure<IOptions<OpsReportOptions>, IConfiguration>((o, options, configuration) => AllowedHosts(o, options.Value, configuration));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<OpsReportOptions>>((o, options) =>
        {
            // Only the scheme: the client address is not used, and the host comes from BaseUrl.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var network in TrustedProxies.Networks(options.Value.Auth))
                o.KnownIPNetworks.Add(network);
        });
        return builder;
    }

    public static WebApplication UseOpsReportSecurity(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                SecurityHeaders.Apply(context.Response.Headers);
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseMiddleware<StoreFailureHandler>();
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.UseMiddleware<AccessGate>();
        app.UseAntiforgery();
        app.UseMiddleware<HeavyViewLimiter>();
        return app;
    }

    private static string SchemeFor(HttpContext context)
    {
        if (ApiTokenAuthenticationHandler.HasBearer(context.Request) && ApiTokenAuthenticationHandler.AcceptsTokens(context.Request.Path))
            return ApiTokenAuthenticationHandler.SchemeName;
        return context.RequestServices.GetRequiredService<IOptions<OpsReportOptions>>().Value.Auth.Mode switch
        {
            AuthMode.Proxy => ProxyAuthenticationHandler.SchemeName,
            AuthMode.Oidc => CookieScheme,
            _ => LocalAuthenticationHandler.SchemeName,
        };
    }

    /// <summary>
    /// The host names the dashboard answers to: BaseUrl's (and this machine's names when BaseUrl is local). A request for
    /// any other host (DNS rebinding, a forged Host header) is refused. An explicit <c>AllowedHosts</c> other than * wins.
    /// </summary>
    private static void AllowedHosts(HostFilteringOptions hosts, OpsReportOptions options, IConfiguration configuration)
    {
        if (configuration["AllowedHosts"] is { Length: > 0 } configured && configured != "*")
            return;
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl))
            return;
        hosts.AllowedHosts.Clear();
        hosts.AllowedHosts.Add(baseUrl.IdnHost);
        if (baseUrl.IsLoopback || IPAddress.TryParse(baseUrl.Host, out var ip) && IPAddress.IsLoopback(ip))
        {
            foreach (var local in new[] { "localhost", "127.0.0.1", "[::1]" })
            {
                if (!hosts.AllowedHosts.Contains(local))
                    hosts.AllowedHosts.Add(local);
            }
        }
        hosts.IncludeFailureMessage = false;
    }
}
