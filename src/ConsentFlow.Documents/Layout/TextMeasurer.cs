using PdfSharp.Drawing;

namespace ConsentFlow.Documents.Layout;

/// <summary>Measures words once per document; consent text repeats the same words many times.</summary>
internal sealed class TextMeasurer
{
    readonly XGraphics _context = XGraphics.CreateMeasureContext(new XSize(612, 792), XGraphicsUnit.Point, XPageDirection.Downwards);
    readonly Dictionary<(XFont Font, string Text), double> _widths = new();

    public double Width(string text, XFont font)
    {
        if (!_widths.TryGetValue((font, text), out var width))
        {
            width = _context.MeasureString(text, font).Width;
            _widths[(font, text)] = width;
        }

        return width;
    }
}
