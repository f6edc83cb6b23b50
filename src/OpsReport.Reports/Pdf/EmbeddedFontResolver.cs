using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace OpsReport.Reports.Pdf;

/// <summary>
/// Serves the embedded IPAex Gothic for every family and style, so a PDF looks the same on every machine and Japanese
/// text always has glyphs. IPAex has one weight: bold is simulated.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string FamilyName = "IPAexGothic";
    private const string FaceName = "ipaexg";
    private const string ResourceName = "OpsReport.Reports.Fonts.ipaexg.ttf";

    private static readonly Lazy<byte[]> FontBytes = new(Load);

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var simulations = (bold ? XStyleSimulations.BoldSimulation : XStyleSimulations.None)
            | (italic ? XStyleSimulations.ItalicSimulation : XStyleSimulations.None);
        return new FontResolverInfo(FaceName, simulations);
    }

    public byte[] GetFont(string faceName) => FontBytes.Value;

    private static byte[] Load()
    {
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The font resource {ResourceName} is missing from {typeof(EmbeddedFontResolver).Assembly.GetName().Name}.");
        // The resource's length is known: one array of that size, read once (6 MB; no growing buffer copied twice).
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
