using Microsoft.AspNetCore.DataProtection;

namespace OpsReport.Web.Pages;

/// <summary>The result of "send now", carried through the redirect sealed with the server's data-protection key.</summary>
public sealed record SendOutcome(string Message, bool IsError)
{
    private const string Purpose = "OpsReport.SendOutcome";

    public static string Seal(HttpContext context, string message, bool isError) =>
        Protector(context).Protect((isError ? "E" : "S") + message, TimeSpan.FromMinutes(10));

    /// <summary>The outcome, or null for a missing, forged or expired value.</summary>
    public static SendOutcome? Open(HttpContext context, string? sealedValue)
    {
        if (string.IsNullOrEmpty(sealedValue) || sealedValue.Length > 8192)
            return null;
        try
        {
            var text = Protector(context).Unprotect(sealedValue);
            return text.Length == 0 ? null : new SendOutcome(text[1..], text[0] == 'E');
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static ITimeLimitedDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();
}
