using ConsentFlow.Documents.Layout;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// The consent document laid out exactly as a signed one, for reviewing a template: never sealed, and every page
/// stamped across with <c>watermark</c> so a printout can never pass for a patient's consent.
/// </summary>
public static class SampleConsentPdf
{
    public static byte[] Render(ConsentDocumentRequest request, string watermark, DateTimeOffset createdAt)
    {
        var unsigned = ConsentDocumentGenerator.RenderUnsigned(request, createdAt);
        using var document = PdfReader.Open(new MemoryStream(unsigned, writable: false), PdfDocumentOpenMode.Modify);
        EmbeddedFontResolver.EnsureInstalled();
        var font = new XFont(EmbeddedFontResolver.FamilyName, 54, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode));
        var ink = new XSolidBrush(XColor.FromArgb(80, 190, 20, 20));
        foreach (var page in document.Pages)
        {
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            graphics.TranslateTransform(page.Width.Point / 2, page.Height.Point / 2);
            graphics.RotateTransform(-52);
            graphics.DrawString(watermark, font, ink, new XPoint(0, 0), XStringFormats.Center);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
