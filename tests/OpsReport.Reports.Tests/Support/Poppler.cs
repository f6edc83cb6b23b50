using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsReport.Reports.Tests.Support;

/// <summary>Reads a PDF the way an independent viewer does, with poppler-utils.</summary>
public static partial class Poppler
{
    public static int PageCount(string pdfPath)
    {
        var info = ExternalTool.Run("pdfinfo", pdfPath);
        var match = PagesLine().Match(info);
        Assert.True(match.Success, "pdfinfo printed no page count:\n" + info);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The text as pdftotext lays it out; any syntax error poppler reports fails the test.</summary>
    public static string Text(string pdfPath)
    {
        var (text, errors) = ExternalTool.RunWithErrors("pdftotext", "-layout", "-enc", "UTF-8", pdfPath, "-");
        Assert.True(errors.Length == 0, "pdftotext reported problems with " + pdfPath + ":\n" + errors);
        return text;
    }

    /// <summary>The text of each page (pdftotext separates pages with a form feed).</summary>
    public static IReadOnlyList<string> Pages(string pdfPath) => Text(pdfPath).Split('\f');

    public static string Fonts(string pdfPath) => ExternalTool.Run("pdffonts", pdfPath);

    public static string Images(string pdfPath) => ExternalTool.Run("pdfimages", "-list", pdfPath);

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();
}
