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

    /// <summary>True when a line of the page's text is exactly <paramref name="line"/> (a heading, not a longer title).</summary>
    public static bool HasLine(string page, string line) =>
        Regex.IsMatch(page, @"^\s*" + Regex.Escape(line) + @"\s*$", RegexOptions.Multiline);

    /// <summary>Every word with its page (1-based) and box in points from the top of the page (pdftotext -bbox).</summary>
    public static IReadOnlyList<WordBox> WordBoxes(string pdfPath)
    {
        var html = ExternalTool.Run("pdftotext", "-bbox", "-enc", "UTF-8", pdfPath, "-");
        var words = new List<WordBox>();
        var page = 0;
        foreach (Match m in BoxTag().Matches(html))
        {
            if (m.Groups["page"].Success)
            {
                page++;
                continue;
            }
            double D(string name) => double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
            words.Add(new WordBox(page, D("y0"), D("y1"), m.Groups["text"].Value));
        }
        return words;
    }

    public static string Fonts(string pdfPath) => ExternalTool.Run("pdffonts", pdfPath);

    public static string Images(string pdfPath) => ExternalTool.Run("pdfimages", "-list", pdfPath);

    [GeneratedRegex("""(?<page><page )|<word xMin="[^"]+" yMin="(?<y0>[^"]+)" xMax="[^"]+" yMax="(?<y1>[^"]+)">(?<text>[^<]*)</word>""")]
    private static partial Regex BoxTag();

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();
}

/// <summary>One word of a PDF page as pdftotext places it: page number (from 1), top and bottom in points, text.</summary>
public sealed record WordBox(int Page, double YMin, double YMax, string Text);
