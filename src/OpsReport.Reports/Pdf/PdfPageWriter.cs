using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OpsReport.Reports.Pdf;

/// <summary>Flows content down A4 pages: a cursor, and a new page when the next block does not fit.</summary>
internal sealed class PdfPageWriter(PdfDocument document) : IDisposable
{
    private XGraphics? _graphics;

    public XGraphics Graphics => _graphics ?? throw new InvalidOperationException("No page has been started.");

    public double Y { get; set; }

    public int PageNumber => document.PageCount;

    public double Remaining => PdfTheme.ContentBottom - Y;

    public bool AtPageTop => Y <= PdfTheme.ContentTop + 0.5;

    public void NewPage()
    {
        _graphics?.Dispose();
        _graphics = XGraphics.FromPdfPage(AddPage(document));
        Y = PdfTheme.ContentTop;
    }

    /// <summary>
    /// Adds a page without opening graphics on it (to be drawn later). Opening and disposing graphics without drawing
    /// makes PDFsharp 6.5 write an empty, invalid Flate stream that viewers report as "bad block header".
    /// </summary>
    public static PdfPage AddPage(PdfDocument document)
    {
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Portrait;
        return page;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> fits below the cursor (or the cursor is already at the top).</summary>
    public bool EnsureSpace(double height)
    {
        if (height <= Remaining || AtPageTop)
            return false;
        NewPage();
        return true;
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _graphics = null;
    }
}
