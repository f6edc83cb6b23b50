using System.Net;
using OpsReport.Core.Configuration;

namespace OpsReport.Web.Hosting;

/// <summary>Whether the peer of a connection is one of <c>Auth:Proxy:TrustedProxies</c>.</summary>
internal static class TrustedProxies
{
    public static bool IsTrusted(HttpContext context, AuthOptions auth)
    {
        // The peer itself: only X-Forwarded-Proto is applied from proxies (see SecurityPipeline), so this is never a client's claim.
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null)
            return false;
        if (remote.IsIPv4MappedToIPv6)
            remote = remote.MapToIPv4();
        return Networks(auth).Any(n => n.Contains(remote));
    }

    public static IReadOnlyList<IPNetwork> Networks(AuthOptions auth) =>
        [.. auth.Proxy.TrustedProxies.Select(t => AuthOptionsValidator.TryParseNetwork(t, out var n) ? n : (IPNetwork?)null).OfType<IPNetwork>()];
}
