using PdfSharp.Drawing;

namespace ConsentFlow.Documents.Layout;

/// <summary>A wrapped line: its words, and the width they take with single spaces between them.</summary>
internal sealed record TextLine(IReadOnlyList<string> Words, double NaturalWidth, bool EndsParagraph);

/// <summary>Greedy line breaking on spaces; a word longer than the line (a hash, an id) is split by characters.</summary>
internal static class LineBreaker
{
    public static List<TextLine> Wrap(string text, XFont font, double width, TextMeasurer measure)
    {
        var space = measure.Width(" ", font);
        var lines = new List<TextLine>();
        var words = new List<string>();
        var lineWidth = 0.0;

        foreach (var word in SplitLongWords(text.Split(' ', StringSplitOptions.RemoveEmptyEntries), font, width, measure))
        {
            var wordWidth = measure.Width(word, font);
            var widthWithWord = words.Count == 0 ? wordWidth : lineWidth + space + wordWidth;
            if (words.Count > 0 && widthWithWord > width)
            {
                lines.Add(new TextLine(words, lineWidth, EndsParagraph: false));
                words = [];
                widthWithWord = wordWidth;
            }

            words.Add(word);
            lineWidth = widthWithWord;
        }

        lines.Add(new TextLine(words, lineWidth, EndsParagraph: true));
        return lines;
    }

    static IEnumerable<string> SplitLongWords(IEnumerable<string> words, XFont font, double width, TextMeasurer measure)
    {
        foreach (var word in words)
        {
            if (measure.Width(word, font) <= width)
            {
                yield return word;
                continue;
            }

            var start = 0;
            for (var end = 1; end <= word.Length; end++)
            {
                if (end == word.Length || measure.Width(word[start..(end + 1)], font) > width)
                {
                    yield return word[start..end];
                    start = end;
                }
            }
        }
    }
}
