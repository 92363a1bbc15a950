using ConsentFlow.Documents.Rendering;

namespace ConsentFlow.Documents.Templates;

/// <summary>The consent templates of one folder, loaded only when the whole folder passes lint.</summary>
public sealed class ConsentTemplateLibrary
{
    ConsentTemplateLibrary(IReadOnlyList<ConsentTemplate> templates) => Templates = templates;

    public IReadOnlyList<ConsentTemplate> Templates { get; }

    /// <exception cref="ConsentTemplateException">The folder has lint problems; none of it is loaded.</exception>
    public static async Task<ConsentTemplateLibrary> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        var (templates, problems) = await TemplateFiles.ReadAllAsync(folder, cancellationToken).ConfigureAwait(false);
        problems.AddRange(ConsentTemplateLinter.Check(templates));
        if (problems.Count > 0)
            throw new ConsentTemplateException(problems);
        return new ConsentTemplateLibrary(templates);
    }

    /// <summary>The requested version, or the highest version when <paramref name="version"/> is null.</summary>
    public ConsentTemplate Get(string id, string language, int? version = null) =>
        Templates
            .Where(t => t.Id == id && t.Language == language && (version is null || t.Version == version))
            .MaxBy(t => t.Version)
        ?? throw new KeyNotFoundException($"no consent template '{id}' in '{language}'" + (version is null ? "" : $" version {version}"));

    /// <summary>Renders the template for one case: placeholders filled, conditional paragraphs chosen.</summary>
    public RenderedConsent Render(string id, string language, ConsentCaseData caseData, IReadOnlyDictionary<string, string> screeningAnswers, int? version = null) =>
        ConsentRenderer.Render(Get(id, language, version), caseData, screeningAnswers);
}
