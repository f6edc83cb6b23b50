namespace OpsReport.Web.Tests.Support;

/// <summary>Cuts the part of a page the test is about out of its HTML, failing with the marker that was not found.</summary>
public static class HtmlSlice
{
    /// <summary>The text after <paramref name="start"/> up to the next <paramref name="end"/>; both must be there.</summary>
    public static string Between(string text, string start, string end)
    {
        var i = After(text, start);
        var j = text.IndexOf(end, i, StringComparison.Ordinal);
        Assert.True(j >= 0, $"'{end}' not found after '{start}'");
        return text[i..j];
    }

    /// <summary>Like <see cref="Between"/>, but to the end of the text when nothing follows (the page's last section).</summary>
    public static string BetweenOrToEnd(string text, string start, string end)
    {
        var i = After(text, start);
        var j = text.IndexOf(end, i, StringComparison.Ordinal);
        return j < 0 ? text[i..] : text[i..j];
    }

    private static int After(string text, string start)
    {
        var i = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{start}' not found");
        return i + start.Length;
    }
}
