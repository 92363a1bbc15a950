using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Sealing;

namespace ConsentFlow.Documents.Tests;

public class SealVerificationTests
{
    [Fact]
    public void Sealed_document_verifies_and_reports_its_id_version_and_hash()
    {
        var (request, document) = SampleDocuments.English;
        var result = SealedPdfVerifier.Verify(document.Pdf, TestCertificate.Clinic.Certificate);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(SealedPdfVerifier.Valid, result.Reason);
        Assert.Equal(request.DocumentId, result.DocumentId);
        Assert.Equal(1, result.Version);
        Assert.Equal(document.Sha256, result.Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document.Pdf)), document.Sha256);
        Assert.NotNull(result.SigningTime);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public void Poppler_pdfsig_reports_the_signature_valid(string language)
    {
        var document = language == "es" ? SampleDocuments.Spanish.Document : SampleDocuments.English.Document;
        var (exitCode, output) = Poppler.PdfSig(document.Pdf);

        Assert.Equal(0, exitCode);
        Assert.Contains("Signature Validation: Signature is Valid.", output);
        Assert.Contains("Total document signed", output);
        Assert.Contains("Signing Hash Algorithm: SHA-256", output);
    }

    [Fact]
    public void Tampered_copy_fails_verification()
    {
        var tampered = (byte[])SampleDocuments.English.Document.Pdf.Clone();
        var title = FindAscii(tampered, "Riverside Spine Center");
        tampered[title] = (byte)'X';

        var result = SealedPdfVerifier.Verify(tampered);
        Assert.False(result.IsValid);
        Assert.Equal(SealedPdfVerifier.Changed, result.Reason);
        Assert.DoesNotContain("Signature is Valid.", Poppler.PdfSig(tampered).Output);
    }

    [Fact]
    public void Copy_with_bytes_appended_after_signing_fails_verification()
    {
        var appended = SampleDocuments.English.Document.Pdf.Concat("\n% added later\n"u8.ToArray()).ToArray();

        var result = SealedPdfVerifier.Verify(appended);
        Assert.False(result.IsValid);
        Assert.Equal(SealedPdfVerifier.Appended, result.Reason);
    }

    [Fact]
    public void Unsigned_document_fails_verification_as_missing_signature()
    {
        var unsigned = ConsentDocumentGenerator.RenderUnsigned(SampleDocuments.English.Request);

        var result = SealedPdfVerifier.Verify(unsigned);
        Assert.False(result.IsValid);
        Assert.Equal("signature is missing", result.Reason);
        Assert.Equal(SampleDocuments.English.Request.DocumentId, result.DocumentId);
    }

    [Fact]
    public async Task Document_sealed_with_another_certificate_is_rejected_when_the_clinic_certificate_is_given()
    {
        var folder = Directory.CreateTempSubdirectory("consentflow-other-cert-").FullName;
        try
        {
            using var other = ClinicCertificate.LoadOrCreateDevelopment(folder);
            var document = await new ConsentDocumentGenerator(other).GenerateAsync(SampleDocuments.English.Request, CancellationToken.None);

            Assert.True(SealedPdfVerifier.Verify(document.Pdf).IsValid);
            Assert.Equal(SealedPdfVerifier.UnexpectedSigner, SealedPdfVerifier.Verify(document.Pdf, TestCertificate.Clinic.Certificate).Reason);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Development_certificate_is_created_once_and_kept()
    {
        var folder = Directory.CreateTempSubdirectory("consentflow-dev-cert-").FullName;
        try
        {
            using var first = ClinicCertificate.LoadOrCreateDevelopment(folder);
            using var second = ClinicCertificate.LoadOrCreateDevelopment(folder);

            Assert.Equal(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
            Assert.True(File.Exists(Path.Combine(folder, ClinicCertificate.DevelopmentFileName)));
            using var loaded = ClinicCertificate.LoadPfx(Path.Combine(folder, ClinicCertificate.DevelopmentFileName), null);
            Assert.True(loaded.Certificate.HasPrivateKey);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static int FindAscii(byte[] haystack, string needle)
    {
        var index = haystack.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(needle));
        Assert.True(index >= 0, $"'{needle}' not found in the PDF bytes");
        return index;
    }
}
