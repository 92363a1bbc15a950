using System.Security.Cryptography.X509Certificates;
using ConsentFlow.Documents.Sealing;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Application.Documents;

/// <param name="Seal">The PAdES profile of the seal (level, certification, timestamp, chain) when a signature was found.</param>
public sealed record DocumentCheck(bool Valid, string Reason, ArchivedDocument? Stored, SealProfile? Seal = null);

/// <summary>A PDF is genuine when the clinic's seal verifies and, given an archive, its exact bytes are a stored document.</summary>
public static class DocumentVerification
{
    /// <param name="trustStore">Roots the seal certificate may chain to; the result then says whether it does.</param>
    public static async Task<DocumentCheck> CheckAsync(byte[] pdf, ClinicCertificate? clinic, DocumentArchive? archive, CancellationToken cancellationToken,
        X509Certificate2Collection? trustStore = null)
    {
        var seal = SealedPdfVerifier.Verify(pdf, clinic?.Certificate, trustStore);
        if (!seal.IsValid) return new DocumentCheck(false, seal.Reason, null, seal.Seal);
        if (archive is null) return new DocumentCheck(true, seal.Reason, null, seal.Seal);
        var stored = await archive.FindBySha256Async(seal.Sha256, cancellationToken);
        return stored is null
            ? new DocumentCheck(false, "document is unknown: no stored document has this SHA-256", null, seal.Seal)
            : new DocumentCheck(true, $"{seal.Reason}; matches stored {stored.Kind} document version {stored.Version} ({stored.Status})", stored, seal.Seal);
    }

    /// <summary>The seal's profile as lines a person reads: PAdES level, certification, timestamp, certificate chain.</summary>
    public static IEnumerable<string> Describe(SealProfile? seal)
    {
        if (seal is null) yield break;
        yield return seal.PadesLevel is { } level ? $"PAdES baseline: {level}" : $"PAdES baseline: none ({seal.NotPadesBecause})";
        yield return seal.DocMdpPermissions switch
        {
            1 => "Certification (DocMDP): no changes permitted (P=1)",
            { } p => $"Certification (DocMDP): P={p} (some changes permitted)",
            null => "Certification (DocMDP): none",
        };
        if (seal.ClaimedTime is { } claimed) yield return $"Signing time claimed by the seal (/M): {claimed.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}";
        yield return seal.Timestamp switch
        {
            null => "Timestamp: none",
            { Valid: true } t => $"Timestamp: {t.Time!.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} by {t.Authority} (valid, covers the signature)",
            { } t => $"Timestamp: INVALID ({t.Problem})",
        };
        yield return seal.Chain switch
        {
            null => "Certificate chain: not checked (no trust store configured)",
            { Trusted: true } c => $"Certificate chain: trusted; {c.Status}",
            { } c => $"Certificate chain: {c.Status}",
        };
    }
}
