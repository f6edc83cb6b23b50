using PdfSharp.Fonts;

namespace OpsReport.Reports.Pdf;

/// <summary>
/// PDFsharp's process-wide settings, applied once: the font resolver (GlobalFontSettings accepts a resolver only before
/// the first font is used). PDFsharp 6.2 is MIT-licensed and needs no licence call; 6.5 names the AGPL and is not used.
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
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
            _done = true;
        }
    }
}
