using PdfSharp;
using PdfSharp.Fonts;

namespace OpsReport.Reports.Pdf;

/// <summary>
/// PDFsharp's process-wide settings, applied once: the AGPL license choice (required since 6.5, see ARCHITECTURE.md)
/// and the font resolver (GlobalFontSettings accepts a resolver only before the first font is used).
/// </summary>
internal static class PdfSharpSetup
{
    private static readonly Lock Gate = new();
    private static bool _done;

    public static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (_done)
                return;
            PdfSharpLicense.SetAgplLicense();
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
            _done = true;
        }
    }
}
