using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using PdfSharp.Pdf.Signatures;

namespace ConsentFlow.Documents.Sealing;

/// <summary>
/// PDFsharp's signer hook, implemented with System.Security.Cryptography.Pkcs: a detached CMS
/// (adbe.pkcs7.detached) SHA-256 signature over the byte ranges PDFsharp hands us.
/// </summary>
internal sealed class CmsPdfSigner(ClinicCertificate clinic, TimeProvider time) : IDigitalSigner
{
    // Measured once per certificate: a real signature over one byte, plus room for the
    // signing time to vary in length. PDFsharp reserves this space before the content is known.
    readonly Lazy<int> _size = new(() => Sign([0], clinic, DateTimeOffset.UnixEpoch).Length + 256);

    public string CertificateName => clinic.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);

    public Task<int> GetSignatureSizeAsync() => Task.FromResult(_size.Value);

    public Task<byte[]> GetSignatureAsync(Stream stream)
    {
        // PDFsharp's ranged stream must be rewound and read in one call for the bytes to be the
        // signed ranges (its CanSeek throws, so Stream.CopyTo cannot be used).
        var content = new byte[stream.Length];
        stream.Position = 0;
        var read = stream.Read(content, 0, content.Length);
        if (read != content.Length)
            throw new InvalidOperationException($"expected {content.Length} bytes to sign but read {read}");
        return Task.FromResult(Sign(content, clinic, time.GetUtcNow()));
    }

    static byte[] Sign(byte[] content, ClinicCertificate clinic, DateTimeOffset signingTime)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, clinic.Certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), // SHA-256
            IncludeOption = System.Security.Cryptography.X509Certificates.X509IncludeOption.EndCertOnly,
        };
        CmsSignedAttributes.AddTo(signer, clinic.Certificate, signingTime);
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }
}
