using System.Collections.Concurrent;
using PdfSharp.Drawing;

namespace ConsentFlow.Documents.Layout;

/// <summary>
/// Measures text as the sum of its characters' advance widths, which is how PDFsharp measures it
/// (no kerning). The widths are measured once per font face and size for the whole process, so a
/// document costs a few additions per word instead of a PDFsharp measurement per distinct word.
/// </summary>
internal sealed class TextMeasurer
{
    const int TableSize = 0x2200; // Latin, Greek, general punctuation, arrows and maths: the characters consent text uses

    static readonly ConcurrentDictionary<(string Family, XFontStyleEx Style, double Size), CharWidths> Tables = new();

    readonly Dictionary<XFont, CharWidths> _fonts = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<(string Text, XFont Font, double Width), List<TextLine>> _wraps = new();

    public double Width(string text, XFont font)
    {
        var widths = WidthsOf(font);
        var total = 0.0;
        foreach (var c in text)
        {
            if (c >= TableSize || char.IsSurrogate(c))
                return widths.Measure(text, font); // rare: let PDFsharp measure the whole string
            total += widths.Of(c, font);
        }

        return total;
    }

    /// <summary>The wrapped lines of <paramref name="text"/>, computed once per document for each font and width.</summary>
    public List<TextLine> Wrap(string text, XFont font, double width)
    {
        if (!_wraps.TryGetValue((text, font, width), out var lines))
        {
            lines = LineBreaker.Wrap(text, font, width, this);
            _wraps[(text, font, width)] = lines;
        }

        return lines;
    }

    CharWidths WidthsOf(XFont font)
    {
        if (!_fonts.TryGetValue(font, out var widths))
        {
            widths = Tables.GetOrAdd((font.FontFamily.Name, font.Style, font.Size), static _ => new CharWidths());
            _fonts[font] = widths;
        }

        return widths;
    }

    /// <summary>Advance widths of one font face at one size, filled in as characters are first seen; thread-safe.</summary>
    sealed class CharWidths
    {
        readonly double[] _widths = CreateTable();
        readonly Lock _gate = new();
        XGraphics? _context;

        static double[] CreateTable()
        {
            var table = new double[TableSize];
            Array.Fill(table, double.NaN);
            return table;
        }

        public double Of(char c, XFont font)
        {
            var width = Volatile.Read(ref _widths[c]);
            if (!double.IsNaN(width))
                return width;
            width = Measure(c.ToString(), font);
            Volatile.Write(ref _widths[c], width);
            return width;
        }

        public double Measure(string text, XFont font)
        {
            lock (_gate)
            {
                _context ??= XGraphics.CreateMeasureContext(new XSize(612, 792), XGraphicsUnit.Point, XPageDirection.Downwards);
                return _context.MeasureString(text, font).Width;
            }
        }
    }
}
