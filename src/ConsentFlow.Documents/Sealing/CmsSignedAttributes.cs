using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace ConsentFlow.Documents.Sealing;

/// <summary>
/// The signed attributes of the CMS signature. Signing time says when the seal was made; the
/// signing-certificate-v2 attribute (RFC 5035) binds the signature to this exact certificate, which
/// PAdES requires so that a different certificate with the same key and name cannot be substituted.
/// </summary>
internal static class CmsSignedAttributes
{
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";

    public static void AddTo(CmsSigner signer, X509Certificate2 certificate, DateTimeOffset signingTime)
    {
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
        signer.SignedAttributes.Add(new AsnEncodedData(new Oid(SigningCertificateV2Oid), SigningCertificateV2(certificate)));
    }

    /// <summary>
    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
    /// ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING, issuerSerial IssuerSerial }  -- hashAlgorithm defaults to SHA-256
    /// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber INTEGER }
    /// </summary>
    static byte[] SigningCertificateV2(X509Certificate2 certificate)
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
}
