using System.Text.RegularExpressions;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Templates;
using UglyToad.PdfPig;

namespace ConsentFlow.Documents.Tests;

/// <summary>Template text that is not a file (the workflow studio's drafts and publications) goes through the same parser and lint.</summary>
public sealed class StudioTemplateSourceTests
{
    static async Task<ConsentTemplateLibrary> FreshLibraryAsync() => await ConsentTemplateLibrary.LoadAsync(ConsentFixtures.TemplateFolder, CancellationToken.None);

    static List<TemplateSource> Version(int version, Func<string, string>? edit = null) =>
        new[] { "en", "es" }.Select(language =>
        {
            var text = File.ReadAllText(Path.Combine(ConsentFixtures.TemplateFolder, $"peld-consent.{language}.md"));
            text = Regex.Replace(text, @"^version:\s*\d+", $"version: {version}", RegexOptions.Multiline);
            return new TemplateSource($"studio/peld-consent/v{version}/peld-consent.{language}.md", edit?.Invoke(text) ?? text);
        }).ToList();

    [Fact]
    public async Task A_new_version_checked_against_the_loaded_templates_passes_and_changes_nothing()
    {
        var library = await FreshLibraryAsync();
        var check = library.Check(Version(3));

        Assert.Empty(check.Problems);
        Assert.Equal([3, 3], check.Templates.Select(t => t.Version));
        Assert.Equal(2, library.Get("peld-consent", "en").Version);
    }

    [Fact]
    public async Task A_candidate_that_repeats_a_loaded_version_is_the_one_reported()
    {
        var library = await FreshLibraryAsync();
        var check = library.Check(Version(2, text => text.Replace("You go home on the same day.", "You go home the same day.", StringComparison.Ordinal)));

        Assert.Contains(check.Problems, p => p.File.StartsWith("studio/", StringComparison.Ordinal) && p.Message.Contains("is also defined in"));
    }

    [Fact]
    public async Task An_added_version_becomes_the_one_new_consents_render_and_adding_it_again_changes_nothing()
    {
        var library = await FreshLibraryAsync();

        Assert.Equal(2, library.Add(Version(3)).Count);
        Assert.Empty(library.Add(Version(3)));

        Assert.Equal(3, library.Render("peld-consent", "es", ConsentFixtures.Case(), ConsentFixtures.QuietScreening()).TemplateVersion);
        Assert.Equal(2, library.Render("peld-consent", "es", ConsentFixtures.Case(), ConsentFixtures.QuietScreening(), version: 2).TemplateVersion);
    }

    [Fact]
    public async Task A_version_that_fails_lint_is_never_added()
    {
        var library = await FreshLibraryAsync();

        var refused = Assert.Throws<ConsentTemplateException>(() => library.Add(Version(3, text => text.Replace("{{case.surgeon}}", "{{case.doctor}}", StringComparison.Ordinal))));

        Assert.Contains(refused.Problems, p => p.Message.Contains("unknown placeholder '{{case.doctor}}'"));
        Assert.Equal(2, library.Get("peld-consent", "en").Version);
    }

    [Fact]
    public void A_sample_pdf_is_stamped_on_every_page_and_never_sealed()
    {
        var pdf = SampleConsentPdf.Render(ConsentFixtures.Request("es"), "MUESTRA – SIN FIRMAR", DateTimeOffset.UtcNow);

        using var document = PdfDocument.Open(pdf);
        Assert.All(document.GetPages(), page => Assert.Contains("MUESTRA", page.Text));
        Assert.DoesNotContain("/ByteRange", System.Text.Encoding.Latin1.GetString(pdf));
    }
}
