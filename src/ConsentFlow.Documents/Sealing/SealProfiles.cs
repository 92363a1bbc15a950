using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace ConsentFlow.Documents.Sealing;

/// <summary>
/// Reads what makes a verified seal PAdES baseline: the SubFilter, the signed attributes (ETSI EN 319 142-1:
/// signing-certificate-v2 present, no signing time), the certification (DocMDP) and the signature timestamp.
/// Like the verifier, it reads the raw bytes; the verifier has already proven they are all signed.
/// </summary>
internal static partial class SealProfiles
{
    public const string BaselineB = "B-B";
    public const string BaselineT = "B-T";

    public static SealProfile Read(string latin1, SignedCms cms, SignerInfo signer, X509Certificate2Collection? trustStore)
    {
        var subFilter = SubFilterPattern().Matches(latin1).LastOrDefault()?.Groups[1].Value;
        var claimed = ClaimedTime(latin1);
        var docMdp = DocMdp(latin1);
        var timestamp = Timestamp(signer);

        var notPades = NotPadesBecause(subFilter, signer);
        var level = notPades is not null ? null : timestamp is { Valid: true } ? BaselineT : BaselineB;
        var chain = trustStore is null || signer.Certificate is null
            ? null
            : Chain(signer.Certificate, cms.Certificates, trustStore, timestamp is { Valid: true, Time: { } t } ? t : claimed);
        return new SealProfile(level, notPades, subFilter, docMdp, claimed, timestamp, chain);
    }

    public static DateTimeOffset? ClaimedTime(string latin1)
    {
        var match = SigningDatePattern().Matches(latin1).LastOrDefault();
        if (match is null)
            return null;
        var g = match.Groups;
        var local = new DateTime(Int(g[1]), Int(g[2]), Int(g[3]), Int(g[4]), Int(g[5]), Int(g[6]), DateTimeKind.Unspecified);
        var offset = g[7].Value is "" or "Z"
            ? TimeSpan.Zero
            : (g[7].Value == "-" ? -1 : 1) * new TimeSpan(Int(g[8]), g[9].Success ? Int(g[9]) : 0, 0);
        return new DateTimeOffset(local, offset);

        static int Int(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);
    }

    static string? NotPadesBecause(string? subFilter, SignerInfo signer)
    {
        if (subFilter != "ETSI.CAdES.detached")
            return $"SubFilter is {subFilter ?? "missing"}, not ETSI.CAdES.detached";
        var signed = signer.SignedAttributes.Cast<CryptographicAttributeObject>().ToList();
        if (signed.Any(a => a.Oid.Value == CmsSignedAttributes.SigningTimeOid))
            return "the signature has a signed signing-time attribute, which PAdES baseline forbids";
        var certificateAttribute = signed.FirstOrDefault(a => a.Oid.Value == CmsSignedAttributes.SigningCertificateV2Oid);
        if (certificateAttribute is null)
            return "the signature has no signing-certificate-v2 attribute";
        if (signer.Certificate is null || !CmsSignedAttributes.NamesCertificate(certificateAttribute.Values[0].RawData, signer.Certificate))
            return "the signing-certificate-v2 attribute names another certificate";
        return null;
    }

    static int? DocMdp(string latin1)
    {
        // Certification needs both halves: the catalog's /Perms naming a signature, and that signature's DocMDP reference.
        if (!PermsPattern().IsMatch(latin1))
            return null;
        var parameters = DocMdpPattern().Match(latin1);
        return parameters.Success ? int.Parse(parameters.Groups[1].Value, CultureInfo.InvariantCulture) : 2; // P defaults to 2
    }

    static TimestampCheck? Timestamp(SignerInfo signer)
    {
        var attribute = signer.UnsignedAttributes.Cast<CryptographicAttributeObject>()
            .FirstOrDefault(a => a.Oid.Value == CmsPdfSigner.SignatureTimeStampOid);
        if (attribute is null)
            return null;
        if (!Rfc3161TimestampToken.TryDecode(attribute.Values[0].RawData, out var token, out _))
            return new TimestampCheck(false, null, null, "the timestamp token cannot be read");
        var time = token.TokenInfo.Timestamp;
        try
        {
            // Checks the token's own signature and that its message imprint is the hash of our signature value.
            if (!token.VerifySignatureForSignerInfo(signer, out var authority))
                return new TimestampCheck(false, time, null, "the timestamp does not cover this signature");
            return new TimestampCheck(true, time, authority?.Subject, null);
        }
        catch (CryptographicException ex)
        {
            return new TimestampCheck(false, time, null, "the timestamp token is invalid: " + ex.Message);
        }
    }

    static ChainCheck Chain(X509Certificate2 certificate, X509Certificate2Collection included, X509Certificate2Collection trustStore, DateTimeOffset? at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustStore);
        chain.ChainPolicy.ExtraStore.AddRange(included);
        // Archived seals are checked offline; revocation evidence would come with PAdES B-LT, which we do not produce.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (at is { } time)
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        if (chain.Build(certificate))
            return new ChainCheck(true, $"chains to trusted {chain.ChainElements[^1].Certificate.Subject}");
        var problems = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
        return new ChainCheck(false, "not trusted: " + string.Join(", ", problems));
    }

    [GeneratedRegex(@"/SubFilter\s*/([A-Za-z0-9.#_-]+)")]
    private static partial Regex SubFilterPattern();

    [GeneratedRegex(@"/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-])?(?:(\d{2})'?(\d{2})?'?)?\)")]
    private static partial Regex SigningDatePattern();

    [GeneratedRegex(@"/Perms\s*<<\s*/DocMDP\s+\d+\s+\d+\s+R")]
    private static partial Regex PermsPattern();

    [GeneratedRegex(@"/TransformMethod\s*/DocMDP\s*/TransformParams\s*<<[^>]*?/P\s+(\d)")]
    private static partial Regex DocMdpPattern();
}
