using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace ConsentFlow.Documents.Sealing;

/// <summary>
/// The signed attributes of a PAdES (CAdES) signature. The signing-certificate-v2 attribute (RFC 5035)
/// binds the signature to this exact certificate, so a different certificate with the same key and name
/// cannot be substituted. There is deliberately no signing-time attribute: PAdES baseline forbids it,
/// the time a seal was made is the signature dictionary's /M (claimed) or a timestamp token (proven).
/// </summary>
internal static class CmsSignedAttributes
{
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    public const string SigningTimeOid = "1.2.840.113549.1.9.5";

    public static void AddTo(CmsSigner signer, X509Certificate2 certificate) =>
        signer.SignedAttributes.Add(new AsnEncodedData(new Oid(SigningCertificateV2Oid), SigningCertificateV2(certificate)));

    /// <summary>
    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
    /// ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING, issuerSerial IssuerSerial }  -- hashAlgorithm defaults to SHA-256
    /// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber INTEGER }
    /// </summary>
    public static byte[] SigningCertificateV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                    writer.WriteEncodedValue(certificate.IssuerName.RawData);
                writer.WriteInteger(certificate.SerialNumberBytes.Span);
            }
        }

        return writer.Encode();
    }

    /// <summary>True when the attribute names exactly <paramref name="certificate"/> by its SHA-256 hash.</summary>
    public static bool NamesCertificate(ReadOnlyMemory<byte> attributeValue, X509Certificate2 certificate)
    {
        try
        {
            var outer = new AsnReader(attributeValue, AsnEncodingRules.DER).ReadSequence();
            var first = outer.ReadSequence().ReadSequence();
            if (first.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                first.ReadSequence(); // an explicit hash algorithm: we only ever write SHA-256, the default
            var hash = first.ReadOctetString();
            return hash.AsSpan().SequenceEqual(SHA256.HashData(certificate.RawData));
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
