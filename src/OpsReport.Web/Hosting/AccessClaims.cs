using System.Security.Claims;
using OpsReport.Core.Configuration;
using OpsReport.Core.Security;

namespace OpsReport.Web.Hosting;

/// <summary>Who a request is and what it may do, as claims: an email (people) or a token name, and a role.</summary>
internal static class AccessClaims
{
    public const string Operator = "operator";
    public const string Viewer = "viewer";

    public static ClaimsPrincipal Person(string email, AuthOptions auth, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Email, email), new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Role, RoleOf(email, auth))], scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static ClaimsPrincipal Token(ApiToken token, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "token:" + token.Name), new Claim(ClaimTypes.Role, token.Role == ApiRole.Operator ? Operator : Viewer)], scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static ClaimsPrincipal Local(bool isOperator, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, isOperator ? "local" : "anonymous"), new Claim(ClaimTypes.Role, isOperator ? Operator : Viewer)], scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>Operators are listed by email (pm@example.com) or by domain (example.com); everyone else reads.</summary>
    public static string RoleOf(string email, AuthOptions auth)
    {
        var domain = DomainOf(email);
        return auth.Operators.Any(o => string.Equals(o, email, StringComparison.OrdinalIgnoreCase) || (!o.Contains('@', StringComparison.Ordinal) && string.Equals(o, domain, StringComparison.OrdinalIgnoreCase)))
            ? Operator : Viewer;
    }

    public static bool DomainAllowed(string email, AuthOptions auth) =>
        auth.AllowedDomains.Count == 0 || auth.AllowedDomains.Any(d => string.Equals(d, DomainOf(email), StringComparison.OrdinalIgnoreCase));

    public static string DomainOf(string email) => email[(email.LastIndexOf('@') + 1)..];

    /// <summary>A plausible email, so a header or claim never carries markup or line breaks into a page or a log.</summary>
    public static bool IsEmail(string? value) =>
        value is { Length: > 2 and < 255 } && value.IndexOf('@', StringComparison.Ordinal) > 0 && value.LastIndexOf('@') < value.Length - 1
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_' or '+' or '\'');
}
