using System.Diagnostics;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.FollowUps;
using ConsentFlow.Engine.Runtime;

namespace ConsentFlow.Application.Documents;

public sealed record ProducedDocument(ArchivedDocument Document, byte[] Pdf);

/// <summary>
/// Produces the signed consent PDF for an instance: engine facts → template text → sealed PDF → archive.
/// A second call makes a new version that supersedes the first; nothing is overwritten.
/// </summary>
public sealed class ConsentDocumentService(
    WorkflowRuntime runtime,
    DocumentArchive archive,
    ConsentTemplateLibrary templates,
    ConsentDocumentGenerator generator,
    ClinicDetails clinic)
{
    public const string DocumentKind = "consent";

    /// <param name="completes">The outbox item this production carries out; it is marked done with the stored document.</param>
    public async Task<ProducedDocument> ProduceAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken, IdempotencyClaim? claim = null,
        FollowUpLease? completes = null)
    {
        using var activity = ApplicationTelemetry.Source.StartActivity("consentflow.document.produce");
        var started = Stopwatch.GetTimestamp();
        var consent = await runtime.GetSignedConsentAsync(instanceId, language: null, cancellationToken)
            ?? throw new RejectedException($"Workflow instance {instanceId} has no active consent: a document is only made for a consent that is signed and still valid.");
        var language = ConsentText.LanguageOf(consent);
        if (language != consent.Language) consent = (await runtime.GetSignedConsentAsync(instanceId, language, cancellationToken))!;

        var text = ConsentText.Render(templates, consent);
        var slot = await archive.NextSlotAsync(instanceId, DocumentKind, cancellationToken);
        var documentId = Guid.NewGuid();
        var sealedDocument = await generator.GenerateAsync(ConsentDocumentRequests.Build(consent, text, slot, documentId, clinic), cancellationToken);
        var stored = await archive.StoreAsync(slot, documentId, consent.ConsentId, language, sealedDocument.Pdf, sealedDocument.Sha256, actor, cancellationToken, claim, completes);
        ApplicationTelemetry.DocumentDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("kind", DocumentKind));
        ApplicationTelemetry.DocumentsProduced.Add(1, new KeyValuePair<string, object?>("kind", DocumentKind));
        return new ProducedDocument(stored, sealedDocument.Pdf);
    }
}
