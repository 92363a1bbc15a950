using ConsentFlow.Documents.Rendering;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Application.Documents;

/// <summary>
/// The consent text the patient reads before signing, rendered from the same template, case facts and screening
/// answers the signed PDF uses later, so <see cref="RenderedConsent.ShownTextSha256"/> recorded at signing matches
/// the hash printed in the document.
/// </summary>
public sealed class ConsentTextPreview(WorkflowRuntime runtime, ConsentTemplateLibrary templates)
{
    public async Task<RenderedConsent> RenderAsync(Guid instanceId, CancellationToken cancellationToken) =>
        ConsentText.Render(templates, await runtime.GetConsentFactsAsync(instanceId, language: null, cancellationToken));
}

/// <summary>One way to turn engine facts into consent text, for the tablet and the document alike.</summary>
internal static class ConsentText
{
    public const string TemplateId = "peld-consent";

    /// <summary>The language chosen in the consent discussion, else the case's.</summary>
    public static string LanguageOf(ConsentSnapshot facts) =>
        facts.Answers.GetValueOrDefault("consentDiscussion.language") ?? facts.Language;

    public static RenderedConsent Render(ConsentTemplateLibrary templates, ConsentSnapshot facts) =>
        templates.Render(TemplateId, LanguageOf(facts), ConsentDocumentRequests.CaseData(facts), facts.Answers);
}
