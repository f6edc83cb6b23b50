using PdfSharp.Drawing;
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
    private static volatile bool _warmed;
    private static Task? _warming;

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

    /// <summary>
    /// Starts <see cref="Warm"/> on the thread pool, once per process: every caller gets the same task. A CLI process
    /// starts it before building its host, so the font is parsed on the second core while the first builds the host.
    /// </summary>
    public static Task StartWarm()
    {
        var current = Volatile.Read(ref _warming);
        if (current is { IsFaulted: false, IsCanceled: false })
            return current;
        var next = new Task(Warm);
        var won = Interlocked.CompareExchange(ref _warming, next, current);
        if (won != current)
            return won!;
        next.Start(TaskScheduler.Default);
        return next;
    }

    /// <summary>
    /// Loads the embedded font and measures text with the report's regular and bold faces, so the font's parsing and
    /// PDFsharp's first-use costs are paid here, on another thread while the report's data is read, instead of inside
    /// the layout. Measuring on a measure context touches no document: the PDF is the same with or without it.
    /// </summary>
    public static void Warm()
    {
        if (_warmed)
            return;
        EnsureInitialized();
        using var g = XGraphics.CreateMeasureContext(new XSize(PdfTheme.PageWidth, PdfTheme.PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        foreach (var font in new[] { PdfTheme.Regular(9), PdfTheme.Bold(9.5) })
            _ = g.MeasureString("OpsReport p95 0123456789 週次レポート", font);
        _warmed = true;
    }
}
