using ConsentFlow.Documents.Pdf;
using UglyToad.PdfPig;

namespace ConsentFlow.Documents.Tests;

/// <summary>The copy the patient takes right after signing: what they signed, headed as a copy, never passing for the sealed consent.</summary>
public class PatientCopyPdfTests
{
    static readonly DateTimeOffset Now = new(2025, 3, 11, 14, 6, 0, TimeSpan.Zero);

    /// <summary>The request as it stands right after the patient's signature: theirs is the only one yet.</summary>
    static ConsentDocumentRequest JustSignedByThePatient(string language, bool interpreterUsed = false)
    {
        var full = ConsentFixtures.Request(language, interpreterUsed: interpreterUsed, publicBaseUrl: "https://consent.example-clinic.org");
        return full with { Signers = full.Signers.Where(s => s.Role == SignerRole.Patient).ToList(), Clinic = full.Clinic with { PublicBaseUrl = null } };
    }

    static string Words(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(' ', document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    [Theory]
    [InlineData("en", "Patient copy — the signed consent is completed by the clinic's staff")]
    [InlineData("es", "Copia del paciente — el personal de la clínica completa el consentimiento firmado")]
    public async Task The_copy_is_headed_in_the_patients_language_and_holds_the_text_and_their_signature(string language, string heading)
    {
        var request = JustSignedByThePatient(language);
        var text = Words(await PatientCopyPdf.RenderAsync(request, Now));

        Assert.Contains(heading, text);
        Assert.Contains(request.Consent.Title, text);
        Assert.Contains(request.Patient.Mrn, text);
        Assert.Contains(request.Signers[0].PrintedName, text);
        Assert.Contains(request.DocumentId.ToString(), text);
    }

    [Fact]
    public async Task The_copy_is_not_sealed_and_has_no_code_to_a_verification_page()
    {
        var pdf = await PatientCopyPdf.RenderAsync(JustSignedByThePatient("en"), Now);
        var text = Words(pdf);

        Assert.DoesNotContain("Scan the code", text);
        Assert.DoesNotContain("/verify/", System.Text.Encoding.Latin1.GetString(pdf));
        Assert.DoesNotContain("/ByteRange", System.Text.Encoding.Latin1.GetString(pdf));
    }

    [Fact]
    public async Task A_copy_is_made_before_the_interpreter_has_signed()
    {
        var pdf = await PatientCopyPdf.RenderAsync(JustSignedByThePatient("es", interpreterUsed: true), Now);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
    }
}
