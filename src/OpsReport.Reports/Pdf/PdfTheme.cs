using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OpsReport.Reports.Pdf;

/// <summary>Page geometry, fonts and colours of the report (points; A4 portrait).</summary>
internal static class PdfTheme
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    public const double Margin = 42;
    public const double ContentTop = 58;
    public const double ContentBottom = PageHeight - 44;
    public const double ContentWidth = PageWidth - 2 * Margin;

    public static readonly XColor Text = XColor.FromArgb(0x1f, 0x23, 0x28);
    public static readonly XColor Muted = XColor.FromArgb(0x59, 0x63, 0x6e);
    public static readonly XColor Faint = XColor.FromArgb(0x8c, 0x95, 0x9f);
    public static readonly XColor Rule = XColor.FromArgb(0xd0, 0xd7, 0xde);
    public static readonly XColor Grid = XColor.FromArgb(0xe6, 0xe9, 0xed);
    public static readonly XColor Zebra = XColor.FromArgb(0xf6, 0xf8, 0xfa);
    public static readonly XColor HeaderFill = XColor.FromArgb(0xea, 0xee, 0xf2);
    public static readonly XColor Worse = XColor.FromArgb(0xb4, 0x23, 0x18);
    public static readonly XColor Better = XColor.FromArgb(0x1a, 0x7f, 0x37);
    public static readonly XColor Production = XColor.FromArgb(0xc6, 0x28, 0x28);
    public static readonly XColor NonProduction = XColor.FromArgb(0x09, 0x69, 0xda);
    public static readonly XColor Demo = XColor.FromArgb(0x9a, 0x67, 0x00);
    public static readonly XColor WarningFill = XColor.FromArgb(0xff, 0xf8, 0xc5);
    public static readonly XColor Annotation = XColor.FromArgb(0xE6, 0x9F, 0x00);

    // The web's SvgChartRenderer palette (Okabe-Ito, colour-blind safe), so a series has the same colour on screen and on paper.
    private static readonly XColor[] Palette =
    [
        XColor.FromArgb(0x00, 0x72, 0xB2), XColor.FromArgb(0xD5, 0x5E, 0x00), XColor.FromArgb(0x00, 0x9E, 0x73),
        XColor.FromArgb(0xCC, 0x79, 0xA7), XColor.FromArgb(0xE6, 0x9F, 0x00), XColor.FromArgb(0x56, 0xB4, 0xE9),
        XColor.FromArgb(0x7A, 0x6A, 0x00), XColor.FromArgb(0x00, 0x00, 0x00),
    ];

    private static readonly XPdfFontOptions FontOptions = new(PdfFontEncoding.Unicode);
    private static readonly ConcurrentDictionary<(double, bool), XFont> Fonts = new();

    public static XFont Regular(double size) => Font(size, bold: false);

    public static XFont Bold(double size) => Font(size, bold: true);

    public static XColor SeriesColor(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];

    /// <summary>The colour mixed with white; <paramref name="amount"/> 0 keeps it, 1 is white.</summary>
    public static XColor Lighter(XColor color, double amount) => XColor.FromArgb(
        (int)Math.Round(color.R + (255 - color.R) * amount),
        (int)Math.Round(color.G + (255 - color.G) * amount),
        (int)Math.Round(color.B + (255 - color.B) * amount));

    public static XColor EnvironmentColor(ReportDocument document) =>
        document.Environment.IsProduction ? Production : document.Environment.IsDemo ? Demo : NonProduction;

    private static XFont Font(double size, bool bold) =>
        Fonts.GetOrAdd((size, bold), key => new XFont(EmbeddedFontResolver.FamilyName, key.Item1, key.Item2 ? XFontStyleEx.Bold : XFontStyleEx.Regular, FontOptions));
}
