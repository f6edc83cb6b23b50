using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// AWS Signature Version 4 (header form) for the JSON and REST-JSON APIs we call. Signs every given header plus
/// <c>host</c>, <c>x-amz-date</c> and, with temporary credentials, <c>x-amz-security-token</c>.
/// </summary>
public static class SigV4Signer
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Computes the headers to add to a request: Authorization, X-Amz-Date and (with a session token) X-Amz-Security-Token.</summary>
    /// <param name="headers">Headers sent with the request, before signing (names in any case).</param>
    public static SigV4Signature Sign(
        string method,
        Uri url,
        IReadOnlyDictionary<string, string> headers,
        ReadOnlySpan<byte> body,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var token = credentials.UseToken ? credentials.Token : null;

        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
            signed[name.ToLowerInvariant()] = CanonicalHeaderValue(value);
        signed["host"] = HostHeader(url);
        signed["x-amz-date"] = amzDate;
        if (token is not null)
            signed["x-amz-security-token"] = token;

        var signedHeaders = string.Join(';', signed.Keys);
        var canonical = new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalPath(url)).Append('\n')
            .Append(CanonicalQuery(url)).Append('\n');
        foreach (var (name, value) in signed)
            canonical.Append(name).Append(':').Append(value).Append('\n');
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(SHA256.HashData(body)));

        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";

        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

        return new SigV4Signature(
            $"{Algorithm} Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}",
            amzDate,
            token);
    }

    /// <summary>The Host header value: the host, with the port when it is not the scheme's default.</summary>
    public static string HostHeader(Uri url) => url.IsDefaultPort ? url.IdnHost : $"{url.IdnHost}:{url.Port.ToString(CultureInfo.InvariantCulture)}";

    // Non-S3 services want each path segment encoded twice: Uri keeps it encoded once, we encode again.
    private static string CanonicalPath(Uri url)
    {
        var path = url.AbsolutePath;
        if (path.Length == 0)
            return "/";
        return string.Join('/', path.Split('/').Select(segment => Encode(segment)));
    }

    private static string CanonicalQuery(Uri url)
    {
        var query = url.Query.TrimStart('?');
        if (query.Length == 0)
            return "";
        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? pair : pair[..eq];
                var value = eq < 0 ? "" : pair[(eq + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name)), Value: Encode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    // Trimmed, with runs of spaces collapsed to one (SigV4 canonical header values).
    private static string CanonicalHeaderValue(string value) =>
        string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else as uppercase %XX of UTF-8.</summary>
    private static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
                sb.Append(c);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>Headers a signed request carries: Authorization, X-Amz-Date, and X-Amz-Security-Token when the credentials are temporary.</summary>
public sealed record SigV4Signature(string Authorization, string AmzDate, string? SecurityToken);
