using ConsentFlow.Documents.Rendering;

namespace ConsentFlow.Documents.Tests;

public class ConditionalParagraphTests
{
    static Dictionary<string, string> Screening(params (string Key, string Value)[] changes)
    {
        var answers = ConsentFixtures.QuietScreening();
        foreach (var (key, value) in changes)
            answers[key] = value;
        return answers;
    }

    static IEnumerable<RenderedParagraph> Caused(RenderedConsent consent, string field) =>
        consent.ConditionalParagraphs.Where(p => p.Cause!.Field == field);

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public void Anticoagulant_paragraph_appears_only_when_patient_takes_one(string language)
    {
        var none = ConsentFixtures.Render(language, Screening());
        var apixaban = ConsentFixtures.Render(language, Screening(("sedation.anticoagulant", "apixaban")));

        Assert.Empty(Caused(none, "sedation.anticoagulant"));
        var paragraph = Assert.Single(Caused(apixaban, "sedation.anticoagulant"));
        Assert.Equal("sedation.anticoagulant = apixaban", paragraph.Cause!.ToString());
        Assert.Contains("apixaban", paragraph.Text);
        Assert.Contains(apixaban.Sections.Single(s => s.Id == "risks").Paragraphs, p => p == paragraph);
    }

    [Theory]
    [InlineData("4", "no", false)]
    [InlineData("5", "no", true)]
    [InlineData("8", "no", true)]
    [InlineData("2", "yes", true)]
    public void Sleep_apnea_paragraph_appears_for_high_stop_bang_or_diagnosed_apnea(string score, string diagnosed, bool expected)
    {
        var consent = ConsentFixtures.Render("en", Screening(("sedation.stopBangScore", score), ("sedation.osaDiagnosed", diagnosed)));

        var shown = consent.Sections.Single(s => s.Id == "sedation").Paragraphs.Where(p => p.Cause is not null).ToList();
        Assert.Equal(expected, shown.Count == 1);
        if (expected)
            Assert.Equal(score is "5" or "8" ? $"sedation.stopBangScore = {score}" : "sedation.osaDiagnosed = yes", shown[0].Cause!.ToString());
    }

    [Fact]
    public void Pregnancy_paragraph_appears_only_when_pregnancy_is_possible()
    {
        Assert.Empty(Caused(ConsentFixtures.Render("es", Screening()), "sedation.pregnancyPossible"));
        var paragraph = Assert.Single(Caused(ConsentFixtures.Render("es", Screening(("sedation.pregnancyPossible", "yes"))), "sedation.pregnancyPossible"));
        Assert.Contains("embarazada", paragraph.Text);
    }

    [Fact]
    public void Unanswered_screening_question_adds_no_paragraph()
    {
        var consent = ConsentFixtures.Render("en", new Dictionary<string, string>());
        Assert.Empty(consent.ConditionalParagraphs);
    }

    [Fact]
    public void Conditional_paragraph_records_its_cause_in_the_signed_document()
    {
        var (_, document) = SampleDocuments.English;
        var text = Poppler.PdfToText(document.Pdf);
        Assert.Contains("Shown because: sedation.anticoagulant = apixaban", text);
        Assert.Contains("Shown because: sedation.stopBangScore = 5", text);
        Assert.Contains("Shown because: sedation.pregnancyPossible = yes", text);
    }

    [Fact]
    public void Case_data_fills_every_placeholder()
    {
        var consent = ConsentFixtures.Render("es", Screening(("sedation.anticoagulant", "warfarina")));

        Assert.DoesNotContain("{{", consent.PlainText);
        Assert.Contains("José Ñúñez Güemes, su cirujano, Dr. Ana Ibáñez", consent.PlainText);
        Assert.Contains("en el nivel L4-L5", consent.PlainText);
        Assert.Contains("del lado izquierdo", consent.PlainText);
        Assert.Contains("18 de marzo de 2025", consent.PlainText);
        Assert.Contains("toma warfarina", consent.PlainText);
    }

    [Fact]
    public void Shown_text_hash_is_the_sha256_of_the_plain_text_and_changes_with_the_text()
    {
        var quiet = ConsentFixtures.Render("en", Screening());
        var apixaban = ConsentFixtures.Render("en", Screening(("sedation.anticoagulant", "apixaban")));

        Assert.Equal(ShownText.Sha256(quiet.PlainText), quiet.ShownTextSha256);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(quiet.PlainText))), quiet.ShownTextSha256);
        Assert.NotEqual(quiet.ShownTextSha256, apixaban.ShownTextSha256);
    }
}
