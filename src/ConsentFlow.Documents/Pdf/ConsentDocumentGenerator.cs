using System.Security.Cryptography;
using ConsentFlow.Documents.Sealing;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using PdfSharp.Pdf.Signatures;

namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// Produces the signed consent PDF: lay out, read back and check, then seal with the clinic certificate.
/// Thread-safe; one instance can serve the whole application.
/// </summary>
public sealed class ConsentDocumentGenerator(ClinicCertificate certificate, TimeProvider? time = null)
{
    readonly CmsPdfSigner _signer = new(certificate, time ?? TimeProvider.System);

    /// <exception cref="DocumentReadBackException">The PDF did not show a required fact; nothing was sealed.</exception>
    /// <exception cref="Layout.MissingGlyphException">Some text has a character the embedded font lacks.</exception>
    public async Task<SealedDocument> GenerateAsync(ConsentDocumentRequest request, CancellationToken cancellationToken)
    {
        ConsentDocumentValidation.Validate(request);
        cancellationToken.ThrowIfCancellationRequested();

        byte[] unsigned;
        using (var built = ConsentPdfBuilder.Build(request))
            unsigned = await SaveAsync(built).ConfigureAwait(false);
        PdfReadBack.Check(unsigned, request);
        cancellationToken.ThrowIfCancellationRequested();

        // Seal the very bytes that were read back (PDFsharp saves a document only once, so the
        // checked file is reopened rather than laid out again).
        using var document = PdfReader.Open(new MemoryStream(unsigned, writable: false), PdfDocumentOpenMode.Modify);
        DigitalSignatureHandler.ForDocument(document, _signer, new DigitalSignatureOptions
        {
            Reason = "Informed consent signed",
            Location = request.Clinic.Name,
            AppName = "ConsentFlow",
            PageIndex = document.PageCount - 1,
            Rectangle = new XRect(0, 0, 0, 0), // invisible: the evidence page already shows the seal details
        });
        var sealedPdf = await SaveAsync(document).ConfigureAwait(false);
        return new SealedDocument(sealedPdf, Convert.ToHexStringLower(SHA256.HashData(sealedPdf)), request.DocumentId, request.Version);
    }

    /// <summary>The laid-out PDF without a seal; for previews and layout tests, never for storage.</summary>
    internal static byte[] RenderUnsigned(ConsentDocumentRequest request)
    {
        ConsentDocumentValidation.Validate(request);
        using var document = ConsentPdfBuilder.Build(request);
        return SaveAsync(document).GetAwaiter().GetResult();
    }

    static async Task<byte[]> SaveAsync(PdfDocument document)
    {
        using var stream = new MemoryStream();
        await document.SaveAsync(stream, closeStream: false).ConfigureAwait(false);
        return stream.ToArray();
    }
}
