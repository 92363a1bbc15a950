using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

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
        using var document = PdfDocument.Open(pdf);

        var firstPage = PageText(document.GetPage(1));
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

        var signers = request.Signers.Select((s, i) => (What: $"signer {i + 1} name", Value: Normalize(s.PrintedName))).ToList();
        foreach (var page in SignaturePagesFirst(document.NumberOfPages))
        {
            if (signers.Count == 0)
                break;
            var text = page == 1 ? firstPage : PageText(document.GetPage(page));
            signers.RemoveAll(s => text.Contains(s.Value, StringComparison.Ordinal));
        }

        missing.AddRange(signers.Select(s => s.What));
        if (missing.Count > 0)
            throw new DocumentReadBackException(missing);
    }

    /// <summary>The signature blocks end the page before the evidence page, which is always last.</summary>
    static IEnumerable<int> SignaturePagesFirst(int count)
    {
        for (var page = count - 1; page >= 1; page--)
            yield return page;
        yield return count;
    }

    /// <summary>
    /// The page's characters in drawing order, with a space wherever the text jumps to a new line or
    /// leaves a visible gap (table cells, justified words), then whitespace collapsed.
    /// </summary>
    internal static string PageText(Page page)
    {
        var sb = new StringBuilder();
        Letter? previous = null;
        foreach (var letter in page.Letters)
        {
            if (previous is not null
                && (Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) > 1 || letter.StartBaseLine.X - previous.EndBaseLine.X > 1))
                sb.Append(' ');
            sb.Append(letter.Value);
            previous = letter;
        }

        return Normalize(sb.ToString());
    }

    static string Normalize(string text) => Whitespace().Replace(text.Normalize(NormalizationForm.FormC), " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
