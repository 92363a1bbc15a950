using System.Text;
using ConsentFlow.Documents.Pdf;
using UglyToad.PdfPig;

namespace ConsentFlow.Documents.Tests;

/// <summary>What a reader of the signed PDF finds in it, read back with PdfPig and with poppler's pdftotext.</summary>
public class SignedDocumentContentTests
{
    public static TheoryData<string> Languages => new() { "en", "es" };

    static (ConsentDocumentRequest Request, SealedDocument Document) Sample(string language) =>
        language == "es" ? SampleDocuments.Spanish : SampleDocuments.English;

    static string PdfPigWords(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(' ', document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    /// <summary>The words between the page header and footer, so a paragraph that runs onto the next page reads as one.</summary>
    static string PdfPigBodyWords(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(' ', document.GetPages()
            .SelectMany(p => p.GetWords().Where(w => w.BoundingBox.Bottom > 60 && w.BoundingBox.Top < p.Height - 50))
            .Select(w => w.Text));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Document_names_patient_procedure_level_side_surgeon_and_every_signer(string language)
    {
        var (request, document) = Sample(language);
        var text = PdfPigWords(document.Pdf);

        Assert.Contains(request.Patient.DisplayName, text);
        Assert.Contains(request.Patient.Mrn, text);
        Assert.Contains("1971-04-09", text);
        Assert.Contains(request.Procedure.TechnicalName + " (CPT 62380)", text);
        Assert.Contains("L4-L5", text);
        Assert.Contains(language == "es" ? "Lado izquierdo" : "Side left", text);
        Assert.Contains(request.Surgeon, text);
        Assert.Contains(request.Clinic.Name, text);
        Assert.All(request.Signers, s => Assert.Contains(s.PrintedName, text));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Document_contains_the_consent_text_the_patient_saw_word_for_word(string language)
    {
        var (request, document) = Sample(language);
        var text = PdfPigBodyWords(document.Pdf);

        foreach (var paragraph in request.Consent.Sections.SelectMany(s => s.Paragraphs))
            Assert.Contains(paragraph.Text, text);
    }

    [Fact]
    public void Spanish_consent_extracts_every_accented_character()
    {
        var (request, document) = SampleDocuments.Spanish;
        var expected = (request.Consent.PlainText + string.Concat(request.TeachBack.Select(t => t.Question + t.Answer)) + request.Patient.DisplayName)
            .Where(c => c > 127 && c != '•').Distinct().Order().ToArray();
        Assert.All("áéíóúñüÑ¿¡", c => Assert.Contains(c, expected)); // the sample really exercises Spanish

        var pdfPig = PdfPigWords(document.Pdf);
        var poppler = Poppler.PdfToText(document.Pdf);
        foreach (var character in expected)
        {
            Assert.True(pdfPig.Contains(character), $"PdfPig did not extract U+{(int)character:X4} '{character}'");
            Assert.True(poppler.Contains(character), $"pdftotext did not extract U+{(int)character:X4} '{character}'");
        }

        Assert.Contains("¿Puede cambiar de opinión?", pdfPig);
        Assert.Contains("José Ñúñez Güemes", poppler);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_page_has_a_footer_with_page_i_of_n_and_the_document_id(string language)
    {
        var (request, document) = Sample(language);
        using var pdf = PdfDocument.Open(document.Pdf);
        var count = pdf.NumberOfPages;
        Assert.True(count >= 4, "a consent with all its parts should take several pages");
        foreach (var page in pdf.GetPages())
        {
            var words = string.Join(' ', page.GetWords().Select(w => w.Text));
            Assert.Contains(language == "es" ? $"Página {page.Number} de {count}" : $"Page {page.Number} of {count}", words);
            Assert.Contains(request.DocumentId.ToString(), words);
        }
    }

    [Fact]
    public void Evidence_page_shows_hashes_reading_times_and_teach_back()
    {
        var (request, document) = SampleDocuments.English;
        var text = Poppler.PdfToText(document.Pdf);

        Assert.Contains(request.Consent.ShownTextSha256, text);
        Assert.Contains(request.Consent.TemplateSha256, text);
        Assert.Contains(request.Evidence.JournalHashAtSigning, text);
        Assert.Contains("Time spent per section", text);
        Assert.Contains("At which level is the procedure?", text);
        Assert.Contains("urn:consentflow:document:" + request.DocumentId, text);
    }

    [Fact]
    public void Signer_time_is_printed_in_the_signers_time_zone_with_its_offset()
    {
        var text = PdfPigWords(SampleDocuments.English.Document.Pdf);

        Assert.Contains("Signed at: 2025-03-11 09:05:30 UTC-05:00 (America/Chicago)", text);
        Assert.Contains("Signed at: 2025-03-11 10:08:30 UTC-04:00 (America/New_York)", text);
    }

    [Fact]
    public void Justified_text_keeps_real_spaces_between_words()
    {
        var (_, document) = SampleDocuments.English;
        using var pdf = PdfDocument.Open(document.Pdf);
        var raw = new StringBuilder();
        foreach (var page in pdf.GetPages())
            raw.Append(page.Text);

        // page.Text concatenates the drawn characters without guessing spaces from gaps.
        Assert.Contains("Every operation has risks.", raw.ToString());
        Assert.Contains("keyhole operation: a thin tube", raw.ToString());
    }

    [Fact]
    public void Read_back_check_stops_a_document_that_lacks_the_patient_and_signer_names()
    {
        var (request, document) = SampleDocuments.English;
        var other = request with
        {
            Patient = request.Patient with { DisplayName = "Someone Else" },
            Signers = [request.Signers[0] with { PrintedName = "Someone Else" }],
        };

        var error = Assert.Throws<DocumentReadBackException>(() => PdfReadBack.Check(document.Pdf, other));
        Assert.Equal(["patient name", "signer 1 name"], error.Missing);
        Assert.Equal("patient name not found in document; signer 1 name not found in document; the document was not sealed", error.Message);
        Assert.DoesNotContain("Someone", error.Message);
    }

    [Fact]
    public async Task Regenerated_document_is_a_new_version_naming_the_one_it_supersedes()
    {
        var (request, first) = SampleDocuments.English;
        var second = await SampleDocuments.Generator.GenerateAsync(
            request with { DocumentId = Guid.NewGuid(), Version = 2, SupersedesDocumentId = first.DocumentId }, CancellationToken.None);

        Assert.Equal(2, second.Version);
        Assert.NotEqual(first.Sha256, second.Sha256);
        Assert.Contains($"Supersedes {first.DocumentId}", PdfPigWords(second.Pdf));
        await Assert.ThrowsAsync<ArgumentException>(() => SampleDocuments.Generator.GenerateAsync(request with { Version = 2 }, CancellationToken.None));
    }
}
