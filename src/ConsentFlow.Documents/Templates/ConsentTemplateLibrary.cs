using System.Security.Cryptography;
using System.Text;
using ConsentFlow.Documents.Rendering;

namespace ConsentFlow.Documents.Templates;

/// <summary>The consent templates of one folder, loaded only when the whole folder passes lint.</summary>
public sealed class ConsentTemplateLibrary
{
    readonly Lock _adding = new();
    volatile IReadOnlyList<ConsentTemplate> _templates;

    ConsentTemplateLibrary(IReadOnlyList<ConsentTemplate> templates) => _templates = templates;

    public IReadOnlyList<ConsentTemplate> Templates => _templates;

    /// <exception cref="ConsentTemplateException">The folder has lint problems; none of it is loaded.</exception>
    public static async Task<ConsentTemplateLibrary> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        var (templates, problems) = await TemplateFiles.ReadAllAsync(folder, cancellationToken).ConfigureAwait(false);
        problems.AddRange(ConsentTemplateLinter.Check(templates));
        if (problems.Count > 0)
            throw new ConsentTemplateException(problems);
        return new ConsentTemplateLibrary(templates);
    }

    /// <summary>
    /// Parses and lints candidate files together with the templates already loaded (a new version drafted in the
    /// studio: its translations, required sections, and that it repeats no loaded version), changing nothing.
    /// </summary>
    public TemplateCheck Check(IReadOnlyList<TemplateSource> candidates)
    {
        var problems = new List<TemplateProblem>();
        var parsed = candidates
            .Select(c => ConsentTemplateParser.Parse(c.File, Encoding.UTF8.GetBytes(c.Markdown), problems))
            .OfType<ConsentTemplate>()
            .ToList();
        var files = candidates.Select(c => c.File).ToHashSet(StringComparer.Ordinal);
        // The loaded templates come first, so a candidate that repeats a loaded version is the one reported.
        problems.AddRange(ConsentTemplateLinter.Check([.. _templates, .. parsed]).Where(p => files.Contains(p.File)));
        return new TemplateCheck(parsed, problems);
    }

    /// <summary>
    /// Adds a version published after start-up; files whose exact text is already loaded are skipped, so every app
    /// node can add the same publication. The combined set must pass lint, otherwise nothing changes.
    /// </summary>
    /// <exception cref="ConsentTemplateException">The candidates have lint problems, or change a version already loaded.</exception>
    public IReadOnlyList<ConsentTemplate> Add(IReadOnlyList<TemplateSource> published)
    {
        lock (_adding)
        {
            var loaded = _templates.Select(t => t.Sha256).ToHashSet(StringComparer.Ordinal);
            var fresh = published
                .Where(p => !loaded.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.Markdown)))))
                .ToList();
            if (fresh.Count == 0)
                return [];
            var check = Check(fresh);
            if (check.Problems.Count > 0)
                throw new ConsentTemplateException(check.Problems);
            _templates = [.. _templates, .. check.Templates];
            return check.Templates;
        }
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
