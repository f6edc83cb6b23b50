using System.Security.Cryptography;
using System.Text;

namespace OpsReport.Core.Security;

/// <summary>
/// What every token store does alike: new token text, its stored hash, names and roles as stored. A token is 32 random
/// bytes; only its SHA-256 is kept, which is enough for random tokens (no dictionary to guess).
/// </summary>
internal static class ApiTokenText
{
    public const string Prefix = "opsr_";

    public static string NewToken() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>False for text that cannot be a token of ours, so no store is asked about it.</summary>
    public static bool CanBeToken(string token) => token.StartsWith(Prefix, StringComparison.Ordinal) && token.Length <= 100;

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static void ThrowIfInvalidName(string name)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"token name '{name}' may only hold letters, digits, '-', '_' and '.' (1 to 64 characters).");
    }

    public static ArgumentException NameTaken(string name, Exception inner) =>
        new($"a token named '{name}' exists already; revoke it first or choose another name.", inner);

    public static string RoleText(ApiRole role) => role.ToString().ToLowerInvariant();

    public static ApiRole ParseRole(string stored) => stored == "operator" ? ApiRole.Operator : ApiRole.Viewer;
}
