using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace ConsentFlow.Documents.Sealing;

/// <summary>
/// The CMS signature of a PAdES seal (SubFilter ETSI.CAdES.detached): detached SHA-256 SignedData over
/// the signed byte ranges, with signing-certificate-v2 and no signing time; with a timestamp authority,
/// an RFC 3161 signature-time-stamp over the signature value as an unsigned attribute (baseline B-T).
/// </summary>
internal sealed class CmsPdfSigner(ClinicCertificate clinic, TimestampAuthority? timestampAuthority)
{
    public const string SignatureTimeStampOid = "1.2.840.113549.1.9.16.2.14";

    // Measured once per certificate: a real signature over one byte, plus headroom. The space is
    // reserved in the PDF before the content (and so the exact encoding) is known.
    readonly Lazy<int> _size = new(() => Sign([0], clinic).Encode().Length + 256
        + (timestampAuthority is null ? 0 : TimestampAuthority.ReservedTokenBytes));

    public string SignerName => clinic.Certificate.GetNameInfo(X509NameType.SimpleName, false);

    public int MaximumSize => _size.Value;

    public async Task<byte[]> SignAsync(byte[] content, CancellationToken cancellationToken)
    {
        var cms = Sign(content, clinic);
        if (timestampAuthority is null)
            return cms.Encode();

        var signer = cms.SignerInfos[0];
        var token = await timestampAuthority.StampAsync(signer, cancellationToken).ConfigureAwait(false);
        signer.AddUnsignedAttribute(new AsnEncodedData(new Oid(SignatureTimeStampOid), token.AsSignedCms().Encode()));
        return cms.Encode();
    }

    static SignedCms Sign(byte[] content, ClinicCertificate clinic)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, clinic.Certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), // SHA-256
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        CmsSignedAttributes.AddTo(signer, clinic.Certificate);
        cms.ComputeSignature(signer, silent: true);
        return cms;
    }
}
