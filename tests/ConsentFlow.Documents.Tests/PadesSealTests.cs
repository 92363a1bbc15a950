using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Xml.Linq;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Sealing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace ConsentFlow.Documents.Tests;

/// <summary>The clinic's seal is PAdES baseline, certifies the document against any change, and every date agrees.</summary>
public class PadesSealTests
{
    static readonly DateTimeOffset SealedAt = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);
    static readonly Lazy<SealedDocument> Clocked = new(() =>
        new ConsentDocumentGenerator(TestCertificate.Clinic, new FixedClock(SealedAt))
            .GenerateAsync(ConsentFixtures.Request("en", SampleDocuments.AllConditionsScreening()), CancellationToken.None).GetAwaiter().GetResult());

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public void Poppler_reports_an_ETSI_CAdES_seal_that_covers_the_whole_file(string language)
    {
        var document = language == "es" ? SampleDocuments.Spanish.Document : SampleDocuments.English.Document;
        var (exitCode, output) = Poppler.PdfSig(document.Pdf);

        Assert.Equal(0, exitCode);
        Assert.Contains("Signature Type: ETSI.CAdES.detached", output);
        Assert.Contains("Signature Validation: Signature is Valid.", output);
        Assert.Contains("Total document signed", output);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public void Qpdf_check_finds_no_warnings(string language)
    {
        var document = language == "es" ? SampleDocuments.Spanish.Document : SampleDocuments.English.Document;
        var (exitCode, output) = Poppler.QpdfCheck(document.Pdf);

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("WARNING", output);
        Assert.Contains("No syntax or stream encoding errors found", output);
    }

    [Fact]
    public void Signed_attributes_name_the_certificate_and_carry_no_signing_time()
    {
        var signer = SealInspection.Cms(SampleDocuments.English.Document.Pdf).SignerInfos[0];
        var signed = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value).ToList();

        Assert.Contains(CmsSignedAttributes.SigningCertificateV2Oid, signed);
        Assert.DoesNotContain(CmsSignedAttributes.SigningTimeOid, signed);
        Assert.Equal("2.16.840.1.101.3.4.2.1", signer.DigestAlgorithm.Value); // SHA-256
        var attribute = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Single(a => a.Oid.Value == CmsSignedAttributes.SigningCertificateV2Oid);
        Assert.True(CmsSignedAttributes.NamesCertificate(attribute.Values[0].RawData, TestCertificate.Clinic.Certificate));
        Assert.Empty(signer.UnsignedAttributes.Cast<CryptographicAttributeObject>()); // no timestamp authority configured: B-B
    }

    [Fact]
    public void Verifier_reports_PAdES_B_B_with_a_no_changes_certification()
    {
        var result = SealedPdfVerifier.Verify(SampleDocuments.English.Document.Pdf, TestCertificate.Clinic.Certificate);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("B-B", result.Seal!.PadesLevel);
        Assert.Null(result.Seal.NotPadesBecause);
        Assert.Equal("ETSI.CAdES.detached", result.Seal.SubFilter);
        Assert.Equal(1, result.Seal.DocMdpPermissions);
        Assert.Null(result.Seal.Timestamp);
        Assert.Null(result.Seal.Chain); // no trust store given
    }

    [Fact]
    public void Catalog_certifies_the_seal_with_DocMDP_no_changes_permitted()
    {
        using var pdf = PdfDocument.Open(SampleDocuments.English.Document.Pdf);
        var signature = SealInspection.SignatureDictionary(pdf);
        var perms = SealInspection.Get<DictionaryToken>(pdf, SealInspection.Catalog(pdf), "Perms");
        var certified = SealInspection.Get<DictionaryToken>(pdf, perms, "DocMDP");
        Assert.Equal(SealInspection.Text(signature.Data["ByteRange"]), SealInspection.Text(certified.Data["ByteRange"]));

        var reference = SealInspection.Resolve<DictionaryToken>(pdf, SealInspection.Get<ArrayToken>(pdf, signature, "Reference").Data.Single());
        Assert.Equal("DocMDP", SealInspection.Text(reference.Data["TransformMethod"]));
        var parameters = SealInspection.Get<DictionaryToken>(pdf, reference, "TransformParams");
        Assert.Equal(1, ((NumericToken)parameters.Data["P"]).Int);
        Assert.Equal("1.2", SealInspection.Text(parameters.Data["V"]));
        Assert.Equal("ETSI.CAdES.detached", SealInspection.Text(signature.Data["SubFilter"]));
    }

    [Fact]
    public void Seal_is_visible_and_printable_on_the_last_page()
    {
        using var pdf = PdfDocument.Open(SampleDocuments.English.Document.Pdf);
        var last = pdf.GetPage(pdf.NumberOfPages);
        var widget = Assert.Single(last.ExperimentalAccess.GetAnnotations(), a => a.Type == UglyToad.PdfPig.Annotations.AnnotationType.Widget);

        Assert.True(widget.Rectangle.Width > 100 && widget.Rectangle.Height > 20, $"seal rectangle {widget.Rectangle}");
        Assert.True(widget.Flags.HasFlag(UglyToad.PdfPig.Annotations.AnnotationFlags.Print));
        Assert.False(widget.Flags.HasFlag(UglyToad.PdfPig.Annotations.AnnotationFlags.Hidden));
        Assert.True(widget.HasNormalAppearance);
        var words = string.Join(' ', last.GetWords().Where(w => Inside(widget.Rectangle, w.BoundingBox.Centroid)).Select(w => w.Text));
        Assert.Contains("Electronic seal of Riverside Spine Center", words);
    }

    static bool Inside(UglyToad.PdfPig.Core.PdfRectangle area, UglyToad.PdfPig.Core.PdfPoint point) =>
        point.X >= area.Left && point.X <= area.Right && point.Y >= area.Bottom && point.Y <= area.Top;

    [Fact]
    public void Info_XMP_and_the_seal_carry_the_same_instant_from_the_injected_clock()
    {
        var sealedPdf = Clocked.Value.Pdf;
        using var pdf = PdfDocument.Open(sealedPdf);

        Assert.Equal("D:20261201140000Z", pdf.Information.CreationDate);
        Assert.Equal("D:20261201140000Z", pdf.Information.ModifiedDate);
        Assert.Equal("D:20261201140000Z", SealInspection.Text(SealInspection.SignatureDictionary(pdf).Data["M"]));
        Assert.True(pdf.TryGetXmpMetadata(out var xmp));
        var xml = xmp.GetXDocument();
        XNamespace x = "http://ns.adobe.com/xap/1.0/";
        foreach (var name in new[] { "CreateDate", "ModifyDate", "MetadataDate" })
            Assert.Equal("2026-12-01T14:00:00Z", xml.Descendants(x + name).Single().Value);
        Assert.Equal(SealedAt, SealedPdfVerifier.Verify(sealedPdf).SigningTime);
        Assert.Contains("Signing Time: Dec 01 2026 14:00:00", Poppler.PdfSig(sealedPdf).Output);
    }

    [Fact]
    public void Chain_is_trusted_only_against_a_trust_store_that_holds_the_seal_certificate()
    {
        var folder = Directory.CreateTempSubdirectory("consentflow-trust-").FullName;
        try
        {
            var trusted = Path.Combine(folder, "clinic.pem");
            File.WriteAllText(trusted, TestCertificate.Clinic.Certificate.ExportCertificatePem());
            using var stranger = CertificateRequestFor("CN=Someone Else");
            var untrusted = Path.Combine(folder, "other", "stranger.crt");
            Directory.CreateDirectory(Path.GetDirectoryName(untrusted)!);
            File.WriteAllBytes(untrusted, stranger.RawData);

            var pdf = SampleDocuments.English.Document.Pdf;
            var yes = SealedPdfVerifier.Verify(pdf, trustStore: TrustStore.Load(folder)).Seal!.Chain!;
            var no = SealedPdfVerifier.Verify(pdf, trustStore: TrustStore.Load(untrusted)).Seal!.Chain!;

            Assert.True(yes.Trusted, yes.Status);
            Assert.False(no.Trusted, no.Status);
            Assert.StartsWith("not trusted", no.Status);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static System.Security.Cryptography.X509Certificates.X509Certificate2 CertificateRequestFor(string subject)
    {
        using var key = RSA.Create(2048);
        return new System.Security.Cryptography.X509Certificates.CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    [Fact]
    public void Old_style_seal_is_reported_as_not_PAdES()
    {
        // The seal as it was before PAdES: adbe.pkcs7.detached. Changing the name breaks the signature, so
        // the verifier must refuse it either way; what matters is that it never reports a PAdES level.
        var pdf = (byte[])SampleDocuments.English.Document.Pdf.Clone();
        var at = pdf.AsSpan().IndexOf("/ETSI.CAdES.detached"u8);
        "/adbe.pkcs7.detached"u8.CopyTo(pdf.AsSpan(at));

        var result = SealedPdfVerifier.Verify(pdf);
        Assert.False(result.IsValid);
        Assert.Null(result.Seal?.PadesLevel);
    }
}
