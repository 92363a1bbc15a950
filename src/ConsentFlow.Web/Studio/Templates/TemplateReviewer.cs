using ConsentFlow.Documents.Rendering;
using ConsentFlow.Documents.Templates;

namespace ConsentFlow.Web.Studio.Templates;

/// <summary>
/// Reads a draft the way the documents library reads a template file (one parser, one lint) and renders it for a
/// synthetic case the way the tablet and the PDF do; nothing here touches the database.
/// </summary>
public sealed class TemplateReviewer(ConsentTemplateLibrary library)
{
    /// <summary>Parses and lints the draft against the loaded templates, plus the studio's own rule: it is the next version of this template.</summary>
    public TemplateReview Review(string templateId, TemplateTexts texts)
    {
        var sources = TemplateTexts.Languages.Select(l => new TemplateSource(DraftFile(templateId, l), texts.In(l))).ToList();
        var check = library.Check(sources);
        var templates = check.Templates.ToDictionary(t => LanguageOfFile(t.FilePath));
        var findings = check.Problems
            .Select(p => (Language: LanguageOfFile(p.File), Problem: p))
            .Select(x => new LintFinding(x.Language, LintLines.LineOf(x.Problem, texts.In(x.Language), templates.GetValueOrDefault(x.Language)), x.Problem.Location, x.Problem.Message))
            .ToList();

        var next = (library.Templates.Where(t => t.Id == templateId).Select(t => (int?)t.Version).Max() ?? 0) + 1;
        foreach (var (language, template) in templates)
        {
            if (template.Language != language)
                findings.Add(new LintFinding(language, 1, "front matter", $"'language' must be '{language}' in this text"));
            if (template.Id != templateId)
                findings.Add(new LintFinding(language, 1, "front matter", $"'id' must be '{templateId}', the template being edited"));
            else if (template.Version != next)
                findings.Add(new LintFinding(language, 1, "front matter", $"'version' must be {next}: a new version follows the latest ({next - 1}), and a published version is never changed"));
        }
        return new TemplateReview(templates, findings.OrderBy(f => f.Language, StringComparer.Ordinal).ThenBy(f => f.Line).ToList());
    }

    /// <summary>The consent text for a synthetic case, rendered exactly as for a patient; null when the template cannot be rendered yet.</summary>
    public static RenderedConsent? Preview(TemplateReview review, string language, SyntheticCase syntheticCase)
    {
        if (!review.Templates.TryGetValue(language, out var template)) return null;
        try
        {
            return ConsentRenderer.Render(template, syntheticCase.Data, syntheticCase.Answers);
        }
        catch (Exception unrenderable) when (unrenderable is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static string DraftFile(string templateId, string language) => $"{TemplateStudio.StudioFolder}/{templateId}/draft/{templateId}.{language}.md";

    private static string LanguageOfFile(string file) => file.EndsWith(".es.md", StringComparison.Ordinal) ? "es" : "en";
}
