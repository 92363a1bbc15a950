using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Graphics.Operations.TextObjects;
using UglyToad.PdfPig.Graphics.Operations.TextPositioning;
using UglyToad.PdfPig.Graphics.Operations.TextShowing;
using UglyToad.PdfPig.Graphics.Operations.TextState;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// Reads a generated PDF with an independent parser (PdfPig) and checks that the identifying facts
/// are really there as text, not just that our code meant to draw them.
/// </summary>
internal static partial class PdfReadBack
{
    /// <summary>
    /// Checks the first page (patient, procedure, level and side head the document) and the pages with
    /// the signature blocks, read from the end, where the signers' names are printed. Reading only
    /// those pages keeps the check within the time budget of a signed document.
    /// </summary>
    /// <exception cref="DocumentReadBackException">One or more facts are missing.</exception>
    public static void Check(byte[] pdf, ConsentDocumentRequest request)
    {
        var labels = DocumentLabels.For(request.Language);
        using var document = Open(pdf);

        var firstPage = document.GetPage<TextOnlyPage>(1).Text;
        var missing = new List<string>();
        foreach (var (what, value) in new[]
                 {
                     ("patient name", request.Patient.DisplayName),
                     ("procedure", request.Procedure.TechnicalName),
                     ("procedure lay name", request.Procedure.LayName),
                     ("level", request.Procedure.Level),
                     ("side", labels.SideName(request.Procedure.Side)),
                 })
        {
            if (!firstPage.Contains(Normalize(value), StringComparison.Ordinal))
                missing.Add(what);
        }

        // "Role: Name" as the signature block prints it: the bare name is also in every page header.
        var signers = request.Signers.Select((s, i) => (What: $"signer {i + 1} name", Value: Normalize($"{labels.Roles[s.Role]}: {s.PrintedName}"))).ToList();
        foreach (var page in SignaturePagesFirst(document.NumberOfPages))
        {
            if (signers.Count == 0)
                break;
            var text = page == 1 ? firstPage : document.GetPage<TextOnlyPage>(page).Text;
            signers.RemoveAll(s => text.Contains(s.Value, StringComparison.Ordinal));
        }

        missing.AddRange(signers.Select(s => s.What));
        if (missing.Count > 0)
            throw new DocumentReadBackException(missing);
    }

    internal static PdfDocument Open(byte[] pdf)
    {
        var document = PdfDocument.Open(pdf);
        document.AddPageFactory<TextOnlyPage, TextOnlyPageFactory>();
        return document;
    }

    /// <summary>The signature blocks end the page before the evidence page, which is always last.</summary>
    static IEnumerable<int> SignaturePagesFirst(int count)
    {
        for (var page = count - 1; page >= 1; page--)
            yield return page;
        yield return count;
    }

    static string Normalize(string text)
    {
        if (!text.IsNormalized(NormalizationForm.FormC))
            text = text.Normalize(NormalizationForm.FormC);
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>The text of one page as PdfPig decodes it from the saved content stream.</summary>
    internal sealed record TextOnlyPage(string Text);

    /// <summary>
    /// A PdfPig page factory that decodes the shown strings of the page's content stream through the
    /// embedded fonts (character codes → ToUnicode) in drawing order, without PdfPig's per-letter
    /// geometry (glyph boxes, transforms), which the check does not need and which costs most of a page read.
    /// PdfPig still parses the file, the page tree, the resources, the fonts and the content stream.
    /// A space is put wherever the text is moved (a new line, a table cell, a justified word), then
    /// whitespace is collapsed, so "Daniel Okafor" drawn as two words still reads as one phrase.
    /// </summary>
    internal sealed class TextOnlyPageFactory(
        IPdfTokenScanner pdfScanner,
        IResourceStore resourceStore,
        ILookupFilterProvider filterProvider,
        IPageContentParser pageContentParser,
        ParsingOptions parsingOptions)
        : BasePageFactory<TextOnlyPage>(pdfScanner, resourceStore, filterProvider, pageContentParser, parsingOptions)
    {
        protected override TextOnlyPage ProcessPage(
            int pageNumber,
            DictionaryToken dictionary,
            NamedDestinations namedDestinations,
            MediaBox mediaBox,
            CropBox cropBox,
            UserSpaceUnit userSpaceUnit,
            PageRotationDegrees rotation,
            TransformationMatrix initialMatrix,
            IReadOnlyList<IGraphicsStateOperation> operations)
        {
            var sb = new StringBuilder();
            IFont? font = null;
            foreach (var operation in operations)
            {
                switch (operation)
                {
                    case SetFontAndSize setFont:
                        font = ResourceStore.GetFont(setFont.Font);
                        break;
                    case BeginText or MoveToNextLine or MoveToNextLineWithOffset or MoveToNextLineWithOffsetSetLeading or SetTextMatrix:
                        sb.Append(' ');
                        break;
                    case ShowText show:
                        Decode(show.Bytes, font, sb);
                        break;
                    case MoveToNextLineShowText show:
                        sb.Append(' ');
                        Decode(show.Bytes, font, sb);
                        break;
                    case MoveToNextLineShowTextWithSpacing show:
                        sb.Append(' ');
                        Decode(show.Bytes, font, sb);
                        break;
                    case ShowTextsWithPositioning shows:
                        foreach (var token in shows.Array)
                        {
                            if (token is StringToken s)
                                Decode(s.GetBytes(), font, sb);
                            else if (token is HexToken h)
                                Decode(h.Bytes.ToArray(), font, sb);
                        }

                        break;
                }
            }

            return new TextOnlyPage(Normalize(sb.ToString()));
        }

        static void Decode(ReadOnlyMemory<byte> bytes, IFont? font, StringBuilder sb)
        {
            if (font is null || bytes.IsEmpty)
                return;
            var input = new MemoryInputBytes(bytes);
            while (input.MoveNext())
            {
                var code = font.ReadCharacterCode(input, out _);
                if (font.TryGetUnicode(code, out var unicode))
                    sb.Append(unicode);
            }
        }
    }
}
