using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace ConsentFlow.Documents.Layout;

/// <summary>The fonts and sizes of a consent document, and the glyph check done before any text is drawn.</summary>
internal sealed class Typography
{
    // Unicode (Identity-H + ToUnicode) rather than WinAnsi so that any character the font has,
    // e.g. '≥' or '−', can be drawn and still extracted as the same character.
    static readonly XPdfFontOptions Embedded = new(PdfFontEncoding.Unicode);

    public Typography()
    {
        EmbeddedFontResolver.EnsureInstalled();
        Body = Create(10, XFontStyleEx.Regular);
        BodyBold = Create(10, XFontStyleEx.Bold);
        Note = Create(8.5, XFontStyleEx.Italic);
        Small = Create(8, XFontStyleEx.Regular);
        Table = Create(9, XFontStyleEx.Regular);
        TableBold = Create(9, XFontStyleEx.Bold);
        Title = Create(16, XFontStyleEx.Bold);
        Heading = Create(12.5, XFontStyleEx.Bold);
    }

    public XFont Body { get; }
    public XFont BodyBold { get; }
    public XFont Note { get; }
    public XFont Small { get; }
    public XFont Table { get; }
    public XFont TableBold { get; }
    public XFont Title { get; }
    public XFont Heading { get; }

    public static double LineHeight(XFont font) => font.Size * 1.3;

    /// <exception cref="MissingGlyphException">A character of <paramref name="text"/> is not in the font.</exception>
    public static void EnsureGlyphs(string text, XFont font, string location)
    {
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsSurrogatePair(text, i))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            if (codePoint is ' ' or '\u00A0')
                continue;
            if (char.IsSurrogate((char)Math.Min(codePoint, 0xFFFF)) && codePoint <= 0xFFFF
                || codePoint < 0x20 || codePoint is >= 0x7F and < 0xA0
                || GlyphHelper.GlyphIndexFromCodePoint(codePoint, font) == 0)
                throw new MissingGlyphException(codePoint, $"{font.FontFamily.Name} {font.Style}", location);
        }
    }

    static XFont Create(double size, XFontStyleEx style) => new(EmbeddedFontResolver.FamilyName, size, style, Embedded);
}
