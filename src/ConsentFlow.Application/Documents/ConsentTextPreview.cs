using ConsentFlow.Documents.Rendering;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Application.Documents;

/// <summary>
/// The consent text the patient reads before signing, rendered from the same template, case facts and screening
/// answers the signed PDF uses later, so <see cref="RenderedConsent.ShownTextSha256"/> recorded at signing matches
/// the hash printed in the document. Before signing the newest template version is shown; once a consent is signed,
/// the version pinned with its first signature.
/// </summary>
public sealed class ConsentTextPreview(WorkflowRuntime runtime, ConsentTemplateLibrary templates)
{
    /// <summary>The newest version while no consent is active; the active consent's signed version once there is one.</summary>
    public async Task<RenderedConsent> RenderAsync(Guid instanceId, CancellationToken cancellationToken) =>
        ConsentText.Render(templates, await runtime.GetConsentFactsAsync(instanceId, language: null, cancellationToken));

    /// <summary>
    /// The text of a consent still collecting signatures (the countersign review): the version the first signer was
    /// shown, or for a consent signed before versions were pinned, the one whose text has <paramref name="shownSha256"/>.
    /// </summary>
    public async Task<RenderedConsent> RenderSignedAsync(Guid instanceId, ShownTemplate? pinned, string? shownSha256, CancellationToken cancellationToken)
    {
        var facts = await runtime.GetConsentFactsAsync(instanceId, language: null, cancellationToken);
        return ConsentText.Render(templates, facts, pinned ?? ConsentText.VersionWithHash(templates, facts, shownSha256));
    }

    /// <summary>
    /// The version a signer is signing on, decided server side at the moment of signing: the one whose text has the
    /// hash the tablet reports it showed (a version published while the patient read does not replace it), else the newest.
    /// </summary>
    public async Task<ShownTemplate> ShownAtSigningAsync(Guid instanceId, string? shownSha256, CancellationToken cancellationToken)
    {
        var facts = await runtime.GetConsentFactsAsync(instanceId, language: null, cancellationToken);
        return ConsentText.VersionWithHash(templates, facts, shownSha256) ?? ConsentText.Newest(templates, facts);
    }
}

/// <summary>One way to turn engine facts into consent text, for the tablet and the document alike.</summary>
internal static class ConsentText
{
    public const string TemplateId = "peld-consent";

    /// <summary>The answer of the first signer that holds the hash of the text the tablet showed.</summary>
    public const string ShownHashField = "documentShownSha256";

    /// <summary>The language chosen in the consent discussion, else the case's.</summary>
    public static string LanguageOf(ConsentSnapshot facts) =>
        facts.Answers.GetValueOrDefault("consentDiscussion.language") ?? facts.Language;

    /// <summary>
    /// The consent's pinned version once signed; for a consent signed before versions were pinned, the version whose
    /// text matches the hash the first signer recorded, else (as before) the newest.
    /// </summary>
    public static RenderedConsent Render(ConsentTemplateLibrary templates, ConsentSnapshot facts) =>
        Render(templates, facts, facts.ShownTemplate ?? VersionWithHash(templates, facts, facts.Signatures.FirstOrDefault()?.Answers.GetValueOrDefault(ShownHashField)));

    /// <summary>Renders <paramref name="version"/>, or the newest when it is null.</summary>
    /// <exception cref="KeyNotFoundException">The pinned version is not loaded: never silently replaced by another text.</exception>
    public static RenderedConsent Render(ConsentTemplateLibrary templates, ConsentSnapshot facts, ShownTemplate? version) =>
        templates.Render(version?.TemplateId ?? TemplateId, LanguageOf(facts), ConsentDocumentRequests.CaseData(facts), facts.Answers, version?.Version);

    public static ShownTemplate Newest(ConsentTemplateLibrary templates, ConsentSnapshot facts) =>
        new(TemplateId, templates.Get(TemplateId, LanguageOf(facts)).Version);

    /// <summary>The newest version whose text for these facts hashes to <paramref name="shownSha256"/>; null when none does.</summary>
    public static ShownTemplate? VersionWithHash(ConsentTemplateLibrary templates, ConsentSnapshot facts, string? shownSha256)
    {
        if (string.IsNullOrWhiteSpace(shownSha256)) return null;
        var language = LanguageOf(facts);
        var caseData = ConsentDocumentRequests.CaseData(facts);
        return templates.Templates
            .Where(t => t.Id == TemplateId && t.Language == language)
            .Select(t => t.Version).Distinct().OrderDescending()
            .Where(version => string.Equals(templates.Render(TemplateId, language, caseData, facts.Answers, version).ShownTextSha256, shownSha256,
                StringComparison.OrdinalIgnoreCase))
            .Select(version => new ShownTemplate(TemplateId, version))
            .FirstOrDefault();
    }
}
