using ConsentFlow.Documents.Sealing;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Application.Documents;

public sealed record DocumentCheck(bool Valid, string Reason, ArchivedDocument? Stored);

/// <summary>A PDF is genuine when the clinic's seal verifies and, given an archive, its exact bytes are a stored document.</summary>
public static class DocumentVerification
{
    public static async Task<DocumentCheck> CheckAsync(byte[] pdf, ClinicCertificate? clinic, DocumentArchive? archive, CancellationToken cancellationToken)
    {
        var seal = SealedPdfVerifier.Verify(pdf, clinic?.Certificate);
        if (!seal.IsValid) return new DocumentCheck(false, seal.Reason, null);
        if (archive is null) return new DocumentCheck(true, seal.Reason, null);
        var stored = await archive.FindBySha256Async(seal.Sha256, cancellationToken);
        return stored is null
            ? new DocumentCheck(false, "document is unknown: no stored document has this SHA-256", null)
            : new DocumentCheck(true, $"{seal.Reason}; matches stored {stored.Kind} document version {stored.Version} ({stored.Status})", stored);
    }
}
