using PdfSharp.Drawing;

namespace ConsentFlow.Documents.Layout;

/// <summary>
/// Draws wrapped lines. Justified lines are drawn word by word, each followed by a real space
/// character, so text extraction yields "word word" rather than words glued together by position.
/// </summary>
internal static class TextPainter
{
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

        var space = measure.Width(" ", font);
        var extra = (width - line.NaturalWidth) / (line.Words.Count - 1);
        var cursor = x;
        for (var i = 0; i < line.Words.Count; i++)
        {
            var word = line.Words[i];
            var isLast = i == line.Words.Count - 1;
            graphics.DrawString(isLast ? word : word + " ", font, brush, cursor, top, XStringFormats.TopLeft);
            cursor += measure.Width(word, font) + space + extra;
        }
    }
}
