using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Sealing;

namespace ConsentFlow.Documents.Tests;

/// <summary>With a timestamp authority configured, the seal carries an RFC 3161 token over its signature: PAdES B-T.</summary>
public class TimestampedSealTests
{
    static readonly DateTimeOffset SealedAt = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset StampedAt = new(2026, 12, 1, 14, 0, 2, TimeSpan.Zero);

    [Fact]
    public async Task Seal_with_a_timestamp_authority_is_PAdES_B_T_and_its_token_covers_the_signature_value()
    {
        using var authority = new TestTimestampAuthority(StampedAt);
        using var http = new HttpClient();
        var generator = new ConsentDocumentGenerator(TestCertificate.Clinic, new FixedClock(SealedAt), new TimestampAuthority(http, authority.Url));

        var document = await generator.GenerateAsync(ConsentFixtures.Request("es"), CancellationToken.None);

        Assert.Equal(1, authority.Requests);
        var result = SealedPdfVerifier.Verify(document.Pdf, TestCertificate.Clinic.Certificate);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("B-T", result.Seal!.PadesLevel);
        Assert.Equal(1, result.Seal.DocMdpPermissions);
        Assert.True(result.Seal.Timestamp!.Valid, result.Seal.Timestamp.Problem);
        Assert.Equal(StampedAt, result.Seal.Timestamp.Time);
        Assert.Equal(authority.Certificate.Subject, result.Seal.Timestamp.Authority);
        Assert.Equal(StampedAt, result.SigningTime); // proven time wins over the claimed /M

        // Independently of our verifier: the token's message imprint is the SHA-256 of the signature value.
        var signer = SealInspection.Cms(document.Pdf).SignerInfos[0];
        var attribute = signer.UnsignedAttributes.Cast<CryptographicAttributeObject>().Single(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.14");
        Assert.True(Rfc3161TimestampToken.TryDecode(attribute.Values[0].RawData, out var token, out _));
        Assert.Equal("2.16.840.1.101.3.4.2.1", token!.TokenInfo.HashAlgorithmId.Value);
        Assert.Equal(SHA256.HashData(signer.GetSignature()), token.TokenInfo.GetMessageHash().ToArray());
        Assert.True(token.VerifySignatureForSignerInfo(signer, out var stampedBy));
        Assert.Equal(authority.Certificate.Thumbprint, stampedBy!.Thumbprint);

        Assert.Contains("Signature Validation: Signature is Valid.", Poppler.PdfSig(document.Pdf).Output);
        var (qpdfExit, qpdfOutput) = Poppler.QpdfCheck(document.Pdf);
        Assert.True(qpdfExit == 0, qpdfOutput);
    }

    [Fact]
    public async Task Unreachable_timestamp_authority_stops_the_seal_rather_than_silently_downgrading_it()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var http = new HttpClient();
        var generator = new ConsentDocumentGenerator(TestCertificate.Clinic, new FixedClock(SealedAt), new TimestampAuthority(http, new Uri($"http://127.0.0.1:{port}/tsa/")));

        await Assert.ThrowsAsync<TimestampAuthorityException>(() => generator.GenerateAsync(ConsentFixtures.Request("en"), CancellationToken.None));
    }
}
