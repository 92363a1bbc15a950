using System.Globalization;
using System.Text;
using PdfSharp.Drawing;

namespace ConsentFlow.Documents.Layout;

/// <summary>
/// Draws wrapped lines. A justified line is drawn as one string with a real space character between
/// its words (so text extraction yields "word word", not words glued together by position), and the
/// extra width of each gap is added with a TJ position adjustment after the space glyph.
/// </summary>
internal static class TextPainter
{
    const string ShowTextSuffix = "> Tj\n";

    public static void DrawLine(XGraphics graphics, TextLine line, XFont font, XBrush brush, double x, double top, double width, bool justify, TextMeasurer measure)
    {
        if (line.Words.Count == 0)
            return;
        var text = string.Join(' ', line.Words);
        if (!justify || line.EndsParagraph || line.Words.Count == 1)
        {
            graphics.DrawString(text, font, brush, x, top, XStringFormats.TopLeft);
            return;
        }

        var extra = (width - line.NaturalWidth) / (line.Words.Count - 1);
        var content = graphics.Internals.ContentStringBuilder;
        if (content is null || HasSurrogates(text))
        {
            // Not a PDF page, or a character outside the BMP (more than one UTF-16 unit per glyph):
            // draw word by word, each word followed by a real space.
            var space = measure.Width(" ", font);
            var cursor = x;
            for (var i = 0; i < line.Words.Count; i++)
            {
                var word = line.Words[i];
                var isLast = i == line.Words.Count - 1;
                graphics.DrawString(isLast ? word : word + " ", font, brush, cursor, top, XStringFormats.TopLeft);
                cursor += measure.Width(word, font) + space + extra;
            }

            return;
        }

        // PDFsharp draws the whole line (choosing the font, recording the glyphs for the embedded subset
        // and the ToUnicode map) and ends its content with "<glyph ids> Tj"; that one operator is
        // rewritten as "[<word1 space> -gap <word2 space> -gap <word3>] TJ".
        graphics.DrawString(text, font, brush, x, top, XStringFormats.TopLeft);
        if (!TryJustify(content, line.Words, text.Length, extra * 1000 / font.Size))
            throw new InvalidOperationException("PDFsharp did not end the page content with the expected '<glyph ids> Tj' for a justified line; check TextPainter after a PDFsharp upgrade");
    }

    static bool HasSurrogates(string text)
    {
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Where the "&lt;hex&gt; Tj" PDFsharp just appended starts, and its glyph ids as hex (PDFsharp breaks
    /// long hex strings over lines); null unless it shows exactly <paramref name="chars"/> glyphs of 4 hex digits.
    /// </summary>
    static (int Start, string Hex)? ShownString(StringBuilder content, int chars)
    {
        var end = content.Length - ShowTextSuffix.Length;
        if (end < 1)
            return null;
        for (var i = 0; i < ShowTextSuffix.Length; i++)
        {
            if (content[end + i] != ShowTextSuffix[i])
                return null;
        }

        var hex = new StringBuilder(4 * chars);
        var start = end - 1;
        for (; start >= 0 && content[start] != '<'; start--)
        {
            var c = content[start];
            if (char.IsAsciiHexDigit(c))
                hex.Append(c);
            else if (c is not ('\n' or '\r' or ' '))
                return null;
        }

        if (start < 0 || hex.Length != 4 * chars)
            return null;
        var digits = new char[hex.Length];
        for (var i = 0; i < digits.Length; i++)
            digits[i] = hex[digits.Length - 1 - i]; // collected backwards
        return (start, new string(digits));
    }

    static bool TryJustify(StringBuilder content, IReadOnlyList<string> words, int chars, double gapThousandths)
    {
        if (ShownString(content, chars) is not { } shown)
            return false;

        var hex = shown.Hex;
        var gap = (-gapThousandths).ToString("0.###", CultureInfo.InvariantCulture);
        content.Length = shown.Start;
        content.Append('[');
        var offset = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var isLast = i == words.Count - 1;
            var glyphs = words[i].Length + (isLast ? 0 : 1); // the word and the space after it
            content.Append('<').Append(hex, 4 * offset, 4 * glyphs).Append('>');
            if (!isLast)
                content.Append(gap);
            offset += glyphs;
        }

        content.Append("] TJ\n");
        return true;
    }
}
