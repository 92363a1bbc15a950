using ConsentFlow.Documents.Pdf;
using UglyToad.PdfPig;

namespace ConsentFlow.Documents.Tests;

/// <summary>What a compliance officer looks for in the signed consent, in both languages.</summary>
public class ComplianceContentTests
{
    public static TheoryData<string> Languages => new() { "en", "es" };

    static string Words(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(' ', document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    static (ConsentDocumentRequest Request, SealedDocument Document) Sample(string language) =>
        language == "es" ? SampleDocuments.Spanish : SampleDocuments.English;

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_page_names_the_patient_with_MRN_and_birth_date(string language)
    {
        var (request, document) = Sample(language);
        using var pdf = PdfDocument.Open(document.Pdf);
        Assert.True(pdf.NumberOfPages >= 3);
        foreach (var page in pdf.GetPages())
        {
            var text = string.Join(' ', page.GetWords().Select(w => w.Text));
            Assert.Contains(request.Patient.DisplayName, text);
            Assert.Contains(request.Patient.Mrn, text);
            Assert.Contains("1971-04-09", text);
        }
    }

    [Theory]
    [InlineData("en", "How consent was obtained", "The patient has the capacity to make this decision.", "Capacity assessed by", "The patient signs for themselves.", "No interpreter was used.")]
    [InlineData("es", "Cómo se obtuvo el consentimiento", "El paciente tiene capacidad para tomar esta decisión.", "Capacidad evaluada por", "El paciente firma por sí mismo.", "No se usó intérprete.")]
    public void Document_states_capacity_who_assessed_it_the_signer_and_that_no_interpreter_was_used(string language, params string[] expected)
    {
        var text = Words(Sample(language).Document.Pdf);
        Assert.All(expected, e => Assert.Contains(e, text));
        Assert.Contains(ConsentFixtures.CapacityAssessor, text);
    }

    [Theory]
    [InlineData("en", "A legally authorized representative signs for the patient.", "The patient does not have the capacity to make this decision.", "interpreted into Spanish (by video).")]
    [InlineData("es", "Firma un representante legal autorizado en nombre del paciente.", "El paciente no tiene capacidad para tomar esta decisión.", "interpretó al español (por video).")]
    public async Task Representative_signing_prints_relationship_authority_and_the_interpreter(string language, string signerLine, string capacityLine, string interpreterLine)
    {
        var request = ConsentFixtures.Request(language, representativeSigns: true, interpreterUsed: true);
        var document = await SampleDocuments.Generator.GenerateAsync(request with
        {
            Circumstances = request.Circumstances with { Interpreter = request.Circumstances.Interpreter! with { Language = "es" } },
        }, CancellationToken.None);
        var text = Words(document.Pdf);

        Assert.Contains(signerLine, text);
        Assert.Contains(capacityLine, text);
        Assert.Contains(ConsentFixtures.RepresentativeRelationship, text);
        Assert.Contains(ConsentFixtures.RepresentativeAuthority, text);
        Assert.Contains(ConsentFixtures.RepresentativeName, text);
        Assert.Contains($"{ConsentFixtures.InterpreterName} {interpreterLine}", text);
    }

    [Fact]
    public async Task Patient_lacking_capacity_cannot_be_the_signer()
    {
        var request = ConsentFixtures.Request("en");
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SampleDocuments.Generator.GenerateAsync(
            request with { Circumstances = request.Circumstances with { PatientHasCapacity = false } }, CancellationToken.None));
        Assert.Contains("legal representative must", error.Message);
    }

    [Theory]
    [InlineData("en", "paralysis of the legs", "Cauda equina syndrome", "large blood vessel or to the bowel", "Blood clots in the legs", "Death.", "Each of these problems is rare.")]
    [InlineData("es", "parálisis de las piernas", "Síndrome de cauda equina", "vaso sanguíneo grande o del intestino", "Coágulos de sangre en las piernas", "Muerte.", "Cada uno de estos problemas es raro.")]
    public void Rare_serious_risks_are_printed_with_their_rarity(string language, params string[] expected)
    {
        var text = Words(Sample(language).Document.Pdf);
        Assert.All(expected, e => Assert.Contains(e, text));
        Assert.Contains("peld-consent v2", text);
    }

    [Theory]
    [InlineData("en", "Consent for percutaneous endoscopic lumbar discectomy (PELD)")]
    [InlineData("es", "Consentimiento para discectomía lumbar endoscópica percutánea (PELD)")]
    public void Title_is_in_the_document_language_only(string language, string title)
    {
        using var pdf = PdfDocument.Open(Sample(language).Document.Pdf);
        Assert.Equal(Sample(language).Request.Consent.Title, pdf.Information.Title);
        Assert.Equal(title, pdf.Information.Title);
    }

    [Fact]
    public async Task QR_code_opens_the_public_verification_page_of_the_document()
    {
        var request = ConsentFixtures.Request("en", publicBaseUrl: "https://consent.riverside-spine.example/");
        var document = await SampleDocuments.Generator.GenerateAsync(request, CancellationToken.None);

        var url = $"https://consent.riverside-spine.example/verify/{request.DocumentId}";
        Assert.Contains(url, Words(document.Pdf));
        using var pdf = PdfDocument.Open(document.Pdf);
        Assert.Equal(url, pdf.Information.Subject);
    }
}
