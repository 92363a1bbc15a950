using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Documents.Templates;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Application.Documents;

/// <summary>The patient's copy as handed over: the sealed document once it exists, else the copy of what the patient signed.</summary>
public sealed record PatientCopy(byte[] Pdf, bool Sealed);

/// <summary>
/// What the patient takes home from the tablet. Right after signing, the staff's signatures and the seal are still to
/// come, so the copy is laid out from the consent the patient signed (the text rendered as the tablet showed it, their
/// signature, its time and how they were identified) and headed as a copy; once the sealed document of that consent is
/// archived, that document is the copy instead.
/// </summary>
public sealed class PatientCopies(
    IDbContextFactory<ConsentFlowDbContext> contexts,
    WorkflowRuntime runtime,
    DocumentArchive archive,
    DefinitionCatalog catalog,
    ConsentTemplateLibrary templates,
    ClinicDetails clinic,
    TimeProvider clock)
{
    /// <summary>Null when the case has no consent with a signature in progress or in force.</summary>
    public async Task<PatientCopy?> ForInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consent = await db.Consents.AsNoTracking()
            .Where(c => c.InstanceId == instanceId && (c.Status == ConsentStatus.Proposed || c.Status == ConsentStatus.Active))
            .OrderByDescending(c => c.CreatedAtUtc).FirstOrDefaultAsync(cancellationToken);
        var given = JsonNode.Parse(consent?.SignaturesJson ?? "[]") as JsonArray ?? [];
        if (consent is null || given.Count == 0) return null;

        var sealedDocument = (await archive.ListAsync(instanceId, cancellationToken))
            .Where(d => d.ConsentId == consent.Id && d.Kind == ConsentDocumentService.DocumentKind && d.Status == nameof(DocumentStatus.Current))
            .MaxBy(d => d.Version);
        if (sealedDocument is not null && await archive.ContentAsync(sealedDocument.Id, cancellationToken) is { } stored) return new PatientCopy(stored, Sealed: true);

        var facts = await runtime.GetConsentFactsAsync(instanceId, language: null, cancellationToken);
        var language = ConsentText.LanguageOf(facts);
        if (language != facts.Language) facts = await runtime.GetConsentFactsAsync(instanceId, language, cancellationToken);
        // The text is rendered from the case as it stands, which is what the tablet showed while this consent is proposed.
        var text = ConsentText.Render(templates, facts);

        var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == instanceId, cancellationToken);
        var step = (await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken)).FindStep(consent.StepId);
        var signed = facts with { ConsentId = consent.Id, Signatures = given.OfType<JsonObject>().Select(s => Signature(s, step, language)).ToList() };
        // The consent's id is the document's: no archived document exists yet, and the copy must not claim one.
        var request = ConsentDocumentRequests.Build(signed, text, new DocumentSlot(instanceId, "patient-copy", 1, null), consent.Id,
            clinic with { PublicBaseUrl = null });
        return new PatientCopy(await PatientCopyPdf.RenderAsync(request, clock.GetUtcNow()), Sealed: false);
    }

    private static SignatureSnapshot Signature(JsonObject signature, Engine.Definitions.StepDefinition? step, string language)
    {
        var role = signature["signerRole"]!.GetValue<string>();
        var english = signature["meaning"]?.GetValue<string>() ?? "";
        var answers = signature["answers"] as JsonObject ?? [];
        return new SignatureSnapshot(
            role,
            signature["attestation"]?["PrintedName"]?.GetValue<string>() ?? answers["printedName"]?.GetValue<string>() ?? "",
            step?.Signers.Where(s => s.Role == role).FirstOrDefault(s => s.Meaning.In("en") == english)?.Meaning.In(language) ?? english,
            DateTime.Parse(signature["signedAtUtc"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            answers["signature"]?.GetValue<string>() ?? "",
            answers.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? ""),
            signature["attestation"]?.Deserialize<SignerAttestation>());
    }
}
