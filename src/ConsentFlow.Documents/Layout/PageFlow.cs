using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ConsentFlow.Documents.Layout;

/// <summary>
/// The cursor that moves down the pages of a document, starting a new page when content does not fit.
/// Page graphics stay open until the footers are drawn, because "Page i of n" needs the final n.
/// </summary>
internal sealed class PageFlow : IDisposable
{
    const double Margin = 54;          // 0.75 in
    const double FooterBand = 30;

    readonly PdfDocument _document;
    readonly List<XGraphics> _pages = [];

    public PageFlow(PdfDocument document, Typography typography)
    {
        _document = document;
        Typography = typography;
        NewPage();
    }

    public Typography Typography { get; }
    public TextMeasurer Measure { get; } = new();
    public XGraphics Graphics => _pages[^1];
    public double Left => Margin;
    public double Width { get; private set; }
    public double Top { get; private set; }
    public double Bottom { get; private set; }
    public double Y { get; set; }
    public int PageCount => _pages.Count;
    public bool AtPageTop => Y <= Top;

    /// <summary>Starts a new page unless <paramref name="height"/> still fits; never breaks an empty page.</summary>
    public void EnsureSpace(double height)
    {
        if (Y + height > Bottom && !AtPageTop)
            NewPage();
    }

    public void NewPage()
    {
        var page = _document.AddPage();
        page.Size = PageSize.Letter;
        _pages.Add(XGraphics.FromPdfPage(page));
        Width = page.Width.Point - 2 * Margin;
        Top = Margin;
        Bottom = page.Height.Point - Margin - FooterBand;
        Y = Top;
    }

    /// <summary>The area reserved for the visible seal, once a block has claimed it.</summary>
    public Sealing.SealPlacement? SealArea { get; set; }

    public int PageIndex => _pages.Count - 1;

    /// <summary>
    /// Draws the header (the patient identifiers, so a loose page still says whose it is) and the footer on
    /// every page once all pages exist; <paramref name="footer"/> gets (page, count).
    /// </summary>
    public void DrawHeadersAndFooters(string? header, Func<int, int, (string Left, string Right)> footer)
    {
        var font = Typography.Small;
        if (header is not null)
            Typography.EnsureGlyphs(header, font, "page header");
        for (var i = 0; i < _pages.Count; i++)
        {
            var graphics = _pages[i];
            if (header is not null)
            {
                var headerY = Margin - 24;
                graphics.DrawString(header, font, XBrushes.DimGray, Left, headerY, XStringFormats.TopLeft);
                graphics.DrawLine(XPens.LightGray, Left, headerY + 12, Left + Width, headerY + 12);
            }

            var (left, right) = footer(i + 1, _pages.Count);
            Typography.EnsureGlyphs(left, font, "page footer");
            Typography.EnsureGlyphs(right, font, "page footer");
            var y = Bottom + FooterBand + 6;
            graphics.DrawLine(XPens.LightGray, Left, y - 4, Left + Width, y - 4);
            graphics.DrawString(left, font, XBrushes.DimGray, Left, y, XStringFormats.TopLeft);
            graphics.DrawString(right, font, XBrushes.DimGray, Left + Width - Measure.Width(right, font), y, XStringFormats.TopLeft);
        }
    }

    /// <summary>Footers only, for layouts without a patient (tests and benchmarks).</summary>
    public void DrawFooters(Func<int, int, (string Left, string Right)> footer) => DrawHeadersAndFooters(null, footer);

    public void Dispose()
    {
        foreach (var graphics in _pages)
            graphics.Dispose();
        _pages.Clear();
    }
}
