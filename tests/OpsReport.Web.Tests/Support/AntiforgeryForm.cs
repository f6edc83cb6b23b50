using System.Text.RegularExpressions;

namespace OpsReport.Web.Tests.Support;

/// <summary>The antiforgery field of the reports page's forms, read as a browser would (the cookie stays in the client).</summary>
internal static partial class AntiforgeryForm
{
    public const string FieldName = "__RequestVerificationToken";

    public static async Task<string> TokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/reports");
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "the reports page has no antiforgery field in its forms");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
