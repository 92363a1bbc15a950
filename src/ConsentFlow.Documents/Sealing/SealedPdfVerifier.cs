using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using ConsentFlow.Documents.Pdf;

namespace ConsentFlow.Documents.Sealing;

/// <summary>
/// Checks that a consent PDF carries a valid seal covering every byte of the file. It reads the raw
/// bytes rather than a parsed model, because a parser that repairs damaged files could hide tampering.
/// </summary>
public static partial class SealedPdfVerifier
{
    public const string Valid = "signature is valid";
    public const string Missing = "signature is missing";
    public const string Changed = "document bytes were changed after signing";
    public const string Appended = "bytes were added after the signed part of the document";
    public const string Damaged = "signature is damaged and cannot be read";
    public const string UnexpectedSigner = "document was sealed with a certificate other than the clinic's";

    /// <summary>
    /// Verifies the seal; with <paramref name="expectedCertificate"/>, also requires that it sealed the file;
    /// with <paramref name="trustStore"/>, reports whether the sealing certificate chains to one of those roots.
    /// </summary>
    public static PdfVerificationResult Verify(byte[] pdf, X509Certificate2? expectedCertificate = null, X509Certificate2Collection? trustStore = null)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var latin1 = Encoding.Latin1.GetString(pdf);
        var (documentId, version) = ReadIdentity(latin1);
        PdfVerificationResult Fail(string reason, SignerInfo? signer = null) =>
            new(false, reason, documentId, version, sha256, signer?.Certificate?.Subject, Thumbprint(signer), ClaimedTime(latin1));

        var byteRange = ByteRangePattern().Matches(latin1).LastOrDefault();
        if (byteRange is null)
            return Fail(Missing);

        var range = Enumerable.Range(1, 4).Select(i => long.Parse(byteRange.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
        var (start1, length1, start2, length2) = (range[0], range[1], range[2], range[3]);
        if (start1 != 0 || length1 <= 0 || start2 <= length1 || start2 + length2 > pdf.Length || pdf[length1] != '<' || pdf[start2 - 1] != '>')
            return Fail(Damaged);
        if (start2 + length2 < pdf.Length)
            return Fail(Appended);

        SignedCms cms;
        try
        {
            var signed = new byte[length1 + length2];
            Array.Copy(pdf, 0, signed, 0, length1);
            Array.Copy(pdf, start2, signed, length1, length2);
            cms = new SignedCms(new ContentInfo(signed), detached: true);
            cms.Decode(SignatureBytes(latin1.AsSpan((int)length1 + 1, (int)(start2 - length1 - 2))));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or AsnContentException)
        {
            return Fail(Damaged);
        }

        var signer = cms.SignerInfos.Count == 1 ? cms.SignerInfos[0] : null;
        if (signer is null)
            return Fail(Damaged);
        try
        {
            // Signature and digest only: the seal certificate is self-issued by the clinic, so trust is
            // established by comparing it with the configured certificate, not by a public CA chain.
            cms.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return Fail(Changed, signer);
        }

        if (expectedCertificate is not null && signer.Certificate is { } actual
            && !actual.RawData.AsSpan().SequenceEqual(expectedCertificate.RawData))
            return Fail(UnexpectedSigner, signer);

        var profile = SealProfiles.Read(latin1, cms, signer, trustStore);
        return new PdfVerificationResult(true, Valid, documentId, version, sha256, signer.Certificate?.Subject, Thumbprint(signer),
            profile.Timestamp is { Valid: true, Time: { } stamped } ? stamped : profile.ClaimedTime, profile);
    }

    public static async Task<PdfVerificationResult> VerifyFileAsync(string path, X509Certificate2? expectedCertificate, CancellationToken cancellationToken,
        X509Certificate2Collection? trustStore = null) =>
        Verify(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), expectedCertificate, trustStore);

    /// <summary>The hex string is padded with zeros after the DER value; keep exactly one DER element.</summary>
    static byte[] SignatureBytes(ReadOnlySpan<char> hex)
    {
        var bytes = Convert.FromHexString(hex);
        AsnDecoder.ReadEncodedValue(bytes, AsnEncodingRules.BER, out _, out _, out var consumed);
        return bytes[..consumed];
    }

    static (Guid?, int?) ReadIdentity(string latin1)
    {
        var id = IdPattern().Matches(latin1).LastOrDefault();
        var version = VersionPattern().Matches(latin1).LastOrDefault();
        return (
            id is not null && Guid.TryParse(id.Groups[1].Value, out var guid) ? guid : null,
            version is not null && int.TryParse(version.Groups[1].Value, CultureInfo.InvariantCulture, out var v) ? v : null);
    }

    static string? Thumbprint(SignerInfo? signer) =>
        signer?.Certificate is { } certificate ? Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256)) : null;

    static DateTimeOffset? ClaimedTime(string latin1) => SealProfiles.ClaimedTime(latin1);

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();

    [GeneratedRegex(ConsentPdfBuilder.DocumentIdKey + @"\s*\(([0-9a-fA-F-]{36})\)")]
    private static partial Regex IdPattern();

    [GeneratedRegex(ConsentPdfBuilder.VersionKey + @"\s+(\d+)")]
    private static partial Regex VersionPattern();
}
