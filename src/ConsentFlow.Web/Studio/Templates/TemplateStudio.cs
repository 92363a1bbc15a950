using System.Text.RegularExpressions;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Rendering;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Forms;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Web.Studio.Templates;

public sealed record TemplateVersionSummary(int Version, IReadOnlyList<string> Languages, string Source, DateTime? PublishedAtUtc, string? PublishedBy, string? Note);

public sealed record TemplateSummary(string TemplateId, string Title, IReadOnlyList<TemplateVersionSummary> Versions, bool HasDraft);

/// <summary>
/// The consent template editor's use cases: read a version's text, review a draft with the documents library's own
/// parser and lint, preview it for a synthetic case (the same rendering the tablet and the PDF use), save the draft
/// and publish it as the next version, which new consents then use.
/// </summary>
public sealed partial class TemplateStudio(ConsentTemplateLibrary library, ConsentTemplateVersions versions, ClinicDetails clinic, TimeProvider clock)
{
    /// <summary>Studio texts have no file; lint problems and the library name them by this virtual path.</summary>
    public const string StudioFolder = "studio";

    public const string SampleWatermark = "SAMPLE – NOT SIGNED";

    [GeneratedRegex(@"^(version:\s*)(\d+)", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex TemplateIdFormat();

    public static bool IsTemplateId(string? id) => id is not null && TemplateIdFormat().IsMatch(id);

    public async Task<IReadOnlyList<TemplateSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var published = (await versions.ListPublishedAsync(cancellationToken)).ToDictionary(p => (p.TemplateId, p.Version));
        var summaries = new List<TemplateSummary>();
        foreach (var family in library.Templates.GroupBy(t => t.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = family.GroupBy(t => t.Version).OrderByDescending(g => g.Key).Select(g =>
            {
                var studio = published.GetValueOrDefault((family.Key, g.Key));
                return new TemplateVersionSummary(g.Key, g.Select(t => t.Language).Order(StringComparer.Ordinal).ToList(),
                    studio is null ? "file" : "studio", studio?.PublishedAtUtc, studio?.PublishedBy, studio?.Note);
            }).ToList();
            var title = family.Where(t => t.Language == "en").MaxBy(t => t.Version)?.Title ?? family.First().Title;
            summaries.Add(new TemplateSummary(family.Key, title, list, await versions.GetDraftAsync(family.Key, cancellationToken) is not null));
        }
        return summaries;
    }

    public int LatestVersion(string templateId) =>
        library.Templates.Where(t => t.Id == templateId).Select(t => (int?)t.Version).Max() ?? throw new NotFoundException($"Consent template '{templateId}'");

    /// <summary>The text of a loaded version as written: its file, or its publication in the studio.</summary>
    public async Task<TemplateTexts> TextOfAsync(string templateId, int version, CancellationToken cancellationToken)
    {
        async Task<string> Read(string language)
        {
            var template = library.Templates.FirstOrDefault(t => t.Id == templateId && t.Version == version && t.Language == language)
                ?? throw new NotFoundException($"Consent template '{templateId}' version {version} in '{language}'");
            if (!template.FilePath.StartsWith(StudioFolder + "/", StringComparison.Ordinal))
                return await File.ReadAllTextAsync(template.FilePath, cancellationToken);
            var publication = (await versions.ListPublishedAsync(cancellationToken)).Single(p => p.TemplateId == templateId && p.Version == version);
            return publication.Texts.Single(t => t.Language == language).Markdown;
        }

        return new TemplateTexts(await Read("en"), await Read("es"));
    }

    /// <summary>What the editor opens: the saved draft, else the latest version with its version number raised by one.</summary>
    public async Task<(TemplateTexts Texts, ConsentTemplateDraft? Draft)> StartingPointAsync(string templateId, CancellationToken cancellationToken)
    {
        if (await versions.GetDraftAsync(templateId, cancellationToken) is { } draft)
        {
            string Text(string language) => draft.Texts.FirstOrDefault(t => t.Language == language)?.Markdown ?? "";
            return (new TemplateTexts(Text("en"), Text("es")), draft);
        }
        var latest = LatestVersion(templateId);
        var texts = await TextOfAsync(templateId, latest, cancellationToken);
        string Next(string markdown) => VersionLine().Replace(markdown, m => m.Groups[1].Value + (latest + 1), 1);
        return (new TemplateTexts(Next(texts.En), Next(texts.Es)), null);
    }

    public TemplateReview Review(string templateId, TemplateTexts texts) => new TemplateReviewer(library).Review(templateId, texts);

    public static RenderedConsent? Preview(TemplateReview review, string language, SyntheticCase syntheticCase) =>
        TemplateReviewer.Preview(review, language, syntheticCase);

    /// <summary>The consent document as the PDF would print it for the synthetic case: unsealed, watermarked on every page.</summary>
    public byte[] SamplePdf(TemplateReview review, string language, SyntheticCase syntheticCase)
    {
        var text = Preview(review, language, syntheticCase)
            ?? throw new FormValidationException("samplePdf", [new(language, "the template has problems that keep it from being rendered; fix the findings first")]);
        return SampleConsentPdf.Render(SampleDocument.Request(syntheticCase, text, clinic), SampleWatermark, clock.GetUtcNow());
    }

    public Task SaveDraftAsync(string templateId, TemplateTexts texts, Actor actor, CancellationToken cancellationToken) =>
        versions.SaveDraftAsync(templateId, TemplateTexts.Languages.Select(l => new ConsentTemplateText(l, texts.In(l))).ToList(), actor, cancellationToken);

    /// <summary>
    /// Publishes a draft that passes lint as the next version: stored, journaled with the note, and added to the loaded
    /// templates so the next consent rendered uses it. Other app nodes pick it up from the database.
    /// </summary>
    /// <exception cref="TemplateLintException">The draft has findings; nothing is stored.</exception>
    public async Task<PublishedConsentTemplate> PublishAsync(string templateId, TemplateTexts texts, string note, Actor actor, CancellationToken cancellationToken)
    {
        var review = Review(templateId, texts);
        if (!review.IsValid) throw new TemplateLintException(review.Findings);
        var version = review.Version!.Value;
        var stored = TemplateTexts.Languages.Select(l => new ConsentTemplateText(l, texts.In(l))).ToList();
        var publication = await versions.PublishAsync(templateId, version, stored, note.Trim(), actor, cancellationToken);
        library.Add(SourcesOf(publication));
        return publication;
    }

    /// <summary>Loads every publication not yet in the library (this node's start-up, or another node's publication).</summary>
    public async Task<int> LoadPublishedAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        foreach (var publication in await versions.ListPublishedAsync(cancellationToken))
            added += library.Add(SourcesOf(publication)).Count;
        return added;
    }

    private static List<TemplateSource> SourcesOf(PublishedConsentTemplate publication) =>
        publication.Texts.Select(t => new TemplateSource($"{StudioFolder}/{publication.TemplateId}/v{publication.Version}/{publication.TemplateId}.{t.Language}.md", t.Markdown)).ToList();

}

/// <summary>A draft that fails lint was sent to be published.</summary>
public sealed class TemplateLintException(IReadOnlyList<LintFinding> findings) : Exception("the consent template has lint findings")
{
    public IReadOnlyList<LintFinding> Findings { get; } = findings;
}
