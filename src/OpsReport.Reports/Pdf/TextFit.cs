using PdfSharp.Drawing;

namespace OpsReport.Reports.Pdf;

/// <summary>Keeps text inside its box: truncation with an ellipsis, and greedy wrapping (at spaces, or anywhere in CJK text).</summary>
internal static class TextFit
{
    public const string Ellipsis = "…";

    public static double Width(XGraphics g, string text, XFont font) => text.Length == 0 ? 0 : g.MeasureString(text, font).Width;

    public static string Truncate(XGraphics g, string text, XFont font, double maxWidth)
    {
        if (Width(g, text, font) <= maxWidth)
            return text;
        var fit = LongestPrefix(g, text, font, maxWidth - Width(g, Ellipsis, font));
        return fit <= 0 ? Ellipsis : text[..fit].TrimEnd() + Ellipsis;
    }

    /// <summary>Lines of at most <paramref name="maxWidth"/>; the last allowed line is truncated when text remains.</summary>
    public static IReadOnlyList<string> Wrap(XGraphics g, string text, XFont font, double maxWidth, int maxLines = int.MaxValue)
    {
        var lines = new List<string>();
        var rest = text.Trim();
        while (rest.Length > 0 && lines.Count < maxLines)
        {
            if (Width(g, rest, font) <= maxWidth)
            {
                lines.Add(rest);
                break;
            }
            if (lines.Count == maxLines - 1)
            {
                lines.Add(Truncate(g, rest, font, maxWidth));
                break;
            }
            var fit = Math.Max(1, LongestPrefix(g, rest, font, maxWidth));
            var space = fit < rest.Length ? rest.LastIndexOf(' ', fit) : -1;
            var cut = space > 0 ? space : fit;
            lines.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        return lines;
    }

    private static int LongestPrefix(XGraphics g, string text, XFont font, double maxWidth)
    {
        int lo = 0, hi = text.Length;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Width(g, text[..mid], font) <= maxWidth)
                lo = mid;
            else
                hi = mid - 1;
        }
        // A cut between a surrogate pair would print half a character.
        if (lo > 0 && lo < text.Length && char.IsHighSurrogate(text[lo - 1]))
            lo--;
        return lo;
    }
}
