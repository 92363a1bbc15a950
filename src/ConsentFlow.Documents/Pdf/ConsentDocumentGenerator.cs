using System.Security.Cryptography;
using ConsentFlow.Documents.Sealing;

namespace ConsentFlow.Documents.Pdf;

/// <summary>
/// Produces the signed consent PDF: lay out with a prepared PAdES certification seal, read back and check,
/// then fill in the seal (and its timestamp when a timestamp authority is configured).
/// Thread-safe; one instance can serve the whole application.
/// </summary>
public sealed class ConsentDocumentGenerator(ClinicCertificate certificate, TimeProvider? time = null, TimestampAuthority? timestampAuthority = null)
{
    readonly CmsPdfSigner _signer = new(certificate, timestampAuthority);
    readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <exception cref="DocumentReadBackException">The PDF did not show a required fact; nothing was sealed.</exception>
    /// <exception cref="Layout.MissingGlyphException">Some text has a character the embedded font lacks.</exception>
    /// <exception cref="TimestampAuthorityException">A timestamp authority is configured and did not give a valid token.</exception>
    public async Task<SealedDocument> GenerateAsync(ConsentDocumentRequest request, CancellationToken cancellationToken)
    {
        ConsentDocumentValidation.Validate(request);
        cancellationToken.ThrowIfCancellationRequested();

        var now = _time.GetUtcNow();
        byte[] prepared;
        using (var built = ConsentPdfBuilder.Build(request, now, sealPlaced: true))
        {
            PadesSeal.Prepare(built.Document, built.Seal ?? throw new InvalidOperationException("the layout placed no seal"),
                _signer, now, reason: "Informed consent signed", location: request.Clinic.Name);
            prepared = await ConsentPdfBuilder.SaveAsync(built).ConfigureAwait(false);
        }

        // The read-back checks the very bytes that are sealed: only the signature's placeholder changes.
        PdfReadBack.Check(prepared, request);
        cancellationToken.ThrowIfCancellationRequested();

        var sealedPdf = await PadesSeal.SealAsync(prepared, _signer, cancellationToken).ConfigureAwait(false);
        return new SealedDocument(sealedPdf, Convert.ToHexStringLower(SHA256.HashData(sealedPdf)), request.DocumentId, request.Version);
    }

    /// <summary>The laid-out PDF without a seal; for previews and layout tests, never for storage.</summary>
    internal static byte[] RenderUnsigned(ConsentDocumentRequest request, DateTimeOffset? createdAt = null)
    {
        ConsentDocumentValidation.Validate(request);
        using var built = ConsentPdfBuilder.Build(request, createdAt ?? DateTimeOffset.UtcNow, sealPlaced: false);
        return ConsentPdfBuilder.SaveAsync(built).GetAwaiter().GetResult();
    }
}
