using Bunit;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Web.Components;
using ConsentFlow.Web.Components.Studio;
using ConsentFlow.Web.Studio.Templates;

namespace ConsentFlow.Web.Tests.Studio;

/// <summary>The template preview renders the same consent text the tablet and the PDF use, for a chosen synthetic case.</summary>
public sealed class TemplatePreviewTests : BunitContext
{
    private static readonly Lazy<ConsentTemplateLibrary> Library =
        new(() => ConsentTemplateLibrary.LoadAsync(TemplateDrafts.Folder, CancellationToken.None).GetAwaiter().GetResult());

    private static TemplateReview ReviewOf(TemplateTexts texts)
    {
        var review = new TemplateReviewer(Library.Value).Review(TemplateDrafts.TemplateId, texts);
        Assert.True(review.IsValid, string.Join("; ", review.Findings.Select(f => $"{f.Key}: {f.Message}")));
        return review;
    }

    private IRenderedComponent<TemplatePreview> Preview(TemplateReview review, string language, string syntheticCase, string screenLanguage = "en") =>
        Render<TemplatePreview>(parameters => parameters
            .Add(p => p.Language, language)
            .Add(p => p.Consent, TemplateReviewer.Preview(review, language, SyntheticCases.Find(syntheticCase)))
            .AddCascadingValue(UiState.For(screenLanguage)));

    [Theory]
    [InlineData("en", "You are signing for the patient as their legal representative.")]
    [InlineData("es", "Usted firma por el paciente como su representante legal.")]
    public void A_case_signed_by_a_legal_representative_shows_the_representative_paragraph(string language, string paragraph)
    {
        var review = ReviewOf(TemplateDrafts.Next().WithRepresentativeParagraph());

        var preview = Preview(review, language, "sleep-apnea-representative");

        var shown = Assert.Single(preview.FindAll(".conditional"), e => e.TextContent.Contains(paragraph));
        Assert.Equal("consentDiscussion.signer = legalRepresentative", shown.GetAttribute("data-cause"));
        Assert.Equal(language, preview.Find("section").GetAttribute("lang"));
    }

    [Theory]
    [InlineData("en", "legal representative")]
    [InlineData("es", "representante legal")]
    public void A_case_the_patient_signs_leaves_the_representative_paragraph_out(string language, string words)
    {
        var review = ReviewOf(TemplateDrafts.Next().WithRepresentativeParagraph());

        var preview = Preview(review, language, "routine");

        Assert.DoesNotContain(preview.FindAll(".conditional"), e => e.TextContent.Contains(words));
        Assert.Contains("Sample Patient", preview.Markup);
    }

    [Fact]
    public void A_case_on_apixaban_shows_the_bleeding_paragraph_with_the_medicine_named_in_both_languages()
    {
        var review = ReviewOf(TemplateDrafts.Next());

        foreach (var language in new[] { "en", "es" })
        {
            var preview = Preview(review, language, "blood-thinner-interpreter");
            var bleeding = Assert.Single(preview.FindAll(".conditional"));
            Assert.Equal("sedation.antithrombotics = apixaban", bleeding.GetAttribute("data-cause"));
            Assert.Contains("apixaban", bleeding.TextContent);
        }
    }

    [Fact]
    public void The_side_is_written_in_the_language_of_the_text()
    {
        var review = ReviewOf(TemplateDrafts.Next());

        var spanish = Preview(review, "es", "blood-thinner-interpreter", screenLanguage: "es");

        Assert.Contains("derecho", spanish.Find("[data-section-id=procedure]").TextContent);
        Assert.Contains("Español", spanish.Find("h2").TextContent);
    }

    [Fact]
    public void A_template_that_cannot_be_rendered_says_so_instead_of_showing_text()
    {
        var preview = Render<TemplatePreview>(parameters => parameters.Add(p => p.Language, "es").Add(p => p.Consent, null));

        Assert.Empty(preview.FindAll("h3"));
        Assert.NotNull(preview.Find(".template-preview-unavailable"));
    }
}
