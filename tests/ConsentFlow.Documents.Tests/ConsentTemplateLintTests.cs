using ConsentFlow.Documents.Templates;

namespace ConsentFlow.Documents.Tests;

public sealed class ConsentTemplateLintTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("consentflow-lint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Shipped_templates_pass_lint()
    {
        var problems = ConsentTemplateLinter.Lint(ConsentFixtures.TemplateFolder);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Shipped_templates_load_in_both_languages_with_their_file_hash()
    {
        var library = await ConsentTemplateLibrary.LoadAsync(ConsentFixtures.TemplateFolder, CancellationToken.None);
        var english = library.Get("peld-consent", "en");
        var spanish = library.Get("peld-consent", "es");

        Assert.Equal(english.Version, spanish.Version);
        Assert.Equal(english.Sections.Select(s => s.Id), spanish.Sections.Select(s => s.Id));
        Assert.Matches("^[0-9a-f]{64}$", english.Sha256);
        Assert.NotEqual(english.Sha256, spanish.Sha256);
    }

    [Fact]
    public void Template_missing_the_risks_section_is_invalid_and_names_file_and_element()
    {
        CopyShippedTemplates();
        var english = Path.Combine(_folder, "peld-consent.en.md");
        RemoveSection(english, "risks");

        var problem = Assert.Single(ConsentTemplateLinter.Lint(_folder), p => p.File == english && p.Location == "risks");
        Assert.Contains("required element 'risks' is missing", problem.Message);
        Assert.StartsWith($"{english}: risks: ", problem.ToString());
    }

    [Fact]
    public void Template_missing_the_signature_block_is_invalid()
    {
        CopyShippedTemplates();
        RemoveSection(Path.Combine(_folder, "peld-consent.es.md"), "signature");

        Assert.Contains(ConsentTemplateLinter.Lint(_folder), p => p.Location == "signature block" && p.File.EndsWith("peld-consent.es.md"));
    }

    [Fact]
    public void Template_without_a_spanish_translation_is_invalid()
    {
        CopyShippedTemplates();
        File.Delete(Path.Combine(_folder, "peld-consent.es.md"));

        var problem = Assert.Single(ConsentTemplateLinter.Lint(_folder));
        Assert.Equal("translation", problem.Location);
        Assert.Contains("no 'es' translation of peld-consent v2", problem.Message);
    }

    [Fact]
    public void Translation_that_drops_a_conditional_paragraph_is_invalid()
    {
        CopyShippedTemplates();
        var spanish = Path.Combine(_folder, "peld-consent.es.md");
        var text = File.ReadAllText(spanish);
        var start = text.IndexOf("::: when sedation.pregnancyPossible", StringComparison.Ordinal);
        var end = text.IndexOf(":::", start + 10, StringComparison.Ordinal) + 3;
        File.WriteAllText(spanish, text[..start] + text[end..]);

        Assert.Contains(ConsentTemplateLinter.Lint(_folder), p => p.File == spanish && p.Location == "radiation" && p.Message.Contains("conditional paragraphs differ"));
    }

    [Fact]
    public async Task Loading_an_invalid_folder_fails_with_every_problem()
    {
        CopyShippedTemplates();
        var english = Path.Combine(_folder, "peld-consent.en.md");
        File.AppendAllText(english, "\n::: when sedation.stopBangScore > 5\nText {{patient.nickname}}.\n:::\n");

        var error = await Assert.ThrowsAsync<ConsentTemplateException>(() => ConsentTemplateLibrary.LoadAsync(_folder, CancellationToken.None));
        Assert.Contains(error.Problems, p => p.Message.Contains("unknown operator '>'"));
        Assert.Contains(error.Problems, p => p.Message.Contains("unknown placeholder '{{patient.nickname}}'"));
        Assert.All(error.Problems, p => Assert.StartsWith("line ", p.Location));
    }

    [Fact]
    public void Section_heading_without_an_id_is_reported_with_its_line()
    {
        File.WriteAllText(Path.Combine(_folder, "x.en.md"), "---\nid: x\nversion: 1\nlanguage: en\ntitle: X\n---\n\n## Risks\n\nSome text.\n");

        Assert.Contains(ConsentTemplateLinter.Lint(_folder), p => p.Location == "line 8" && p.Message.Contains("needs an id"));
    }

    void CopyShippedTemplates()
    {
        foreach (var file in Directory.GetFiles(ConsentFixtures.TemplateFolder, "*.md"))
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
    }

    static void RemoveSection(string file, string sectionId)
    {
        var lines = File.ReadAllLines(file).ToList();
        var start = lines.FindIndex(l => l.StartsWith("## ") && l.EndsWith($"{{#{sectionId}}}"));
        var end = lines.FindIndex(start + 1, l => l.StartsWith("## "));
        lines.RemoveRange(start, (end < 0 ? lines.Count : end) - start);
        File.WriteAllLines(file, lines);
    }
}
