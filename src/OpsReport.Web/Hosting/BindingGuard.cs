using System.Net;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Hosting;

/// <summary>
/// <c>Auth:Mode None</c> is for one person on their own machine: serving it on a network address would let anyone who can
/// reach the port read everything, so <c>serve</c> refuses (unless <c>Auth:AllowAnonymous</c> is set on purpose).
/// </summary>
internal static class BindingGuard
{
    /// <summary>The sentence explaining the refusal, or null when the addresses are allowed.</summary>
    public static string? Refusal(IEnumerable<string> addresses, AuthOptions auth)
    {
        if (auth.Mode != AuthMode.None || auth.AllowAnonymous)
            return null;
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count == 0)
            return null;
        return $"sign-in is off (OpsReport:Auth:Mode None) but the dashboard would listen on {string.Join(", ", exposed)}; "
            + "set OpsReport:Auth:Mode to Proxy or Oidc (see README \"Deploy for your team\"), listen on localhost only, or set OpsReport:Auth:AllowAnonymous true to serve read-only without sign-in.";
    }

    public static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            return false;
        var host = uri.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
