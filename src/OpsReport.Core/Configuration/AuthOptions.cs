namespace OpsReport.Core.Configuration;

/// <summary>How people sign in (<c>OpsReport:Auth</c>): nobody (loopback only), a trusted proxy's header, or OpenID Connect.</summary>
public sealed class AuthOptions
{
    /// <summary><c>None</c> (the embedded default, loopback only), <c>Proxy</c> or <c>Oidc</c>.</summary>
    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>With <c>None</c>: serve on a non-loopback address anyway, read-only for everyone. Set on purpose only.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Email domains allowed to sign in (e.g. example.com); empty: any account the proxy or issuer vouches for.</summary>
    public List<string> AllowedDomains { get; set; } = [];

    /// <summary>Emails (pm@example.com) or domains (example.com) that may send reports and change things; everyone else reads.</summary>
    public List<string> Operators { get; set; } = [];

    public ProxyAuthOptions Proxy { get; set; } = new();

    public OidcAuthOptions Oidc { get; set; } = new();
}

/// <summary>The sign-in modes of <see cref="AuthOptions.Mode"/>.</summary>
public enum AuthMode
{
    None,
    Proxy,
    Oidc,
}

/// <summary>Sign-in done by a proxy in front (oauth2-proxy, ALB, IAP) that passes the person's email in a header.</summary>
public sealed class ProxyAuthOptions
{
    public string Header { get; set; } = "X-Forwarded-Email";

    /// <summary>Addresses of the proxies (CIDRs such as 10.0.0.0/8 or 127.0.0.1/32); the header from anywhere else is ignored.</summary>
    public List<string> TrustedProxies { get; set; } = [];
}

/// <summary>OpenID Connect sign-in (Google Workspace, Entra ID, Okta, Cognito, Keycloak); the secret comes from the environment.</summary>
public sealed class OidcAuthOptions
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }
}
