using System.Net;

namespace OpsReport.Core.Configuration;

/// <summary>Checks <c>OpsReport:Auth</c> and names the exact key of every mistake.</summary>
public static class AuthOptionsValidator
{
    public static IEnumerable<string> Errors(AuthOptions auth, string key)
    {
        if (auth.Mode == AuthMode.Proxy)
        {
            if (string.IsNullOrWhiteSpace(auth.Proxy.Header))
                yield return $"{key}:Proxy:Header: must name the header the proxy sets, e.g. X-Forwarded-Email.";
            if (auth.Proxy.TrustedProxies.Count == 0)
                yield return $"{key}:Proxy:TrustedProxies: list the proxy's addresses as CIDRs (e.g. [\"10.0.0.0/8\"]); without them no header is trusted.";
        }
        for (var i = 0; i < auth.Proxy.TrustedProxies.Count; i++)
        {
            if (!TryParseNetwork(auth.Proxy.TrustedProxies[i], out _))
                yield return $"{key}:Proxy:TrustedProxies:{i}: '{auth.Proxy.TrustedProxies[i]}' is not a CIDR; expected e.g. 10.0.0.0/8 or 127.0.0.1/32.";
        }
        if (auth.Mode == AuthMode.Oidc)
        {
            if (!Uri.TryCreate(auth.Oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http")
                || (authority.Scheme == "http" && !authority.IsLoopback))
                yield return $"{key}:Oidc:Authority: '{auth.Oidc.Authority}' is not an https URL of the issuer; expected e.g. https://accounts.google.com.";
            if (string.IsNullOrWhiteSpace(auth.Oidc.ClientId))
                yield return $"{key}:Oidc:ClientId: must be set to the client id registered with the issuer.";
            if (string.IsNullOrWhiteSpace(auth.Oidc.ClientSecret))
                yield return $"{key}:Oidc:ClientSecret: must be set, from the environment (OpsReport__Auth__Oidc__ClientSecret), never in a committed file.";
        }
        for (var i = 0; i < auth.AllowedDomains.Count; i++)
        {
            if (!IsDomain(auth.AllowedDomains[i]))
                yield return $"{key}:AllowedDomains:{i}: '{auth.AllowedDomains[i]}' is not a domain; expected e.g. example.com.";
        }
        for (var i = 0; i < auth.Operators.Count; i++)
        {
            var entry = auth.Operators[i];
            var at = entry.IndexOf('@', StringComparison.Ordinal);
            if (!(at > 0 ? IsDomain(entry[(at + 1)..]) : IsDomain(entry)))
                yield return $"{key}:Operators:{i}: '{entry}' is neither an email (pm@example.com) nor a domain (example.com).";
        }
    }

    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        if (IPNetwork.TryParse(text, out network))
            return true;
        if (IPAddress.TryParse(text, out var single))
        {
            network = new IPNetwork(single, single.GetAddressBytes().Length * 8);
            return true;
        }
        return false;
    }

    private static bool IsDomain(string text) =>
        text.Length is > 2 and < 254 && text.Contains('.', StringComparison.Ordinal)
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
}
