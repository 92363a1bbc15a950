using System.Text.Json.Nodes;
using ConsentFlow.Documents.Pdf;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Web.Fhir;

/// <summary>Reads the engine's tables and builds FHIR resources; read-only, so it never goes through the workflow runtime.</summary>
public sealed class FhirStore(IDbContextFactory<ConsentFlowDbContext> contexts, DefinitionCatalog catalog, HostSettings settings, ClinicDetails clinic)
{
    public async Task<JsonObject?> DocumentReferenceAsync(Guid documentId, string serverUrl, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (from document in db.Documents.AsNoTracking()
                         join instance in db.Instances on document.InstanceId equals instance.Id
                         join patientCase in db.Cases on instance.CaseId equals patientCase.Id
                         where document.Id == documentId
                         select new { document, patientCase }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : DocumentReferenceResource.From(row.document, row.patientCase, clinic.Name, serverUrl);
    }

    /// <summary>Every version, newest first; the bytes are read to compute the attachment's SHA-1.</summary>
    public async Task<IReadOnlyList<JsonObject>> DocumentReferencesForCaseAsync(Guid caseId, string serverUrl, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patientCase = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (patientCase is null) return [];
        var documents = await (from document in db.Documents.AsNoTracking()
                               join instance in db.Instances on document.InstanceId equals instance.Id
                               where instance.CaseId == caseId
                               select document).ToListAsync(cancellationToken);
        return documents.OrderByDescending(d => d.CreatedAtUtc).ThenByDescending(d => d.Version)
            .Select(d => DocumentReferenceResource.From(d, patientCase, clinic.Name, serverUrl)).ToList();
    }

    public async Task<JsonObject?> ConsentAsync(Guid consentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consent = await db.Consents.AsNoTracking().FirstOrDefaultAsync(c => c.Id == consentId, cancellationToken);
        return consent is null ? null : (await ConsentsAsync(db, [consent], cancellationToken)).Single();
    }

    public async Task<IReadOnlyList<JsonObject>> ConsentsForCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consents = await (from consent in db.Consents.AsNoTracking()
                              join instance in db.Instances on consent.InstanceId equals instance.Id
                              where instance.CaseId == caseId
                              orderby consent.CreatedAtUtc
                              select consent).ToListAsync(cancellationToken);
        return await ConsentsAsync(db, consents, cancellationToken);
    }

    public async Task<JsonObject?> QuestionnaireResponseAsync(Guid taskId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var instanceId = await db.Tasks.Where(t => t.Id == taskId).Select(t => (Guid?)t.InstanceId).FirstOrDefaultAsync(cancellationToken);
        if (instanceId is null) return null;
        return (await ResponsesAsync(db, [instanceId.Value], cancellationToken)).FirstOrDefault(r => r["id"]!.GetValue<string>() == taskId.ToString());
    }

    public async Task<IReadOnlyList<JsonObject>> QuestionnaireResponsesForCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var instances = await db.Instances.Where(i => i.CaseId == caseId).Select(i => i.Id).ToListAsync(cancellationToken);
        return await ResponsesAsync(db, instances, cancellationToken);
    }

    private async Task<IReadOnlyList<JsonObject>> ConsentsAsync(ConsentFlowDbContext db, IReadOnlyList<ConsentRecord> consents, CancellationToken cancellationToken)
    {
        var resources = new List<JsonObject>();
        foreach (var consent in consents)
        {
            var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == consent.InstanceId, cancellationToken);
            var patientCase = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == instance.CaseId, cancellationToken);
            var data = JsonNode.Parse(instance.DataJson) as JsonObject;
            var representative = data?["consentDiscussion"]?["signer"]?.GetValue<string>() == "legalRepresentative";
            resources.Add(ConsentResource.From(consent, patientCase, representative, settings.OrganizationName));
        }
        return resources;
    }

    /// <summary>Answers come from the journal's task.completed entries, so every completed form keeps what was submitted then.</summary>
    private async Task<IReadOnlyList<JsonObject>> ResponsesAsync(ConsentFlowDbContext db, IReadOnlyList<Guid> instanceIds, CancellationToken cancellationToken)
    {
        var resources = new List<JsonObject>();
        foreach (var instanceId in instanceIds)
        {
            var instance = await db.Instances.AsNoTracking().FirstAsync(i => i.Id == instanceId, cancellationToken);
            var patientCase = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == instance.CaseId, cancellationToken);
            var definition = await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
            var tasks = await db.Tasks.AsNoTracking()
                .Where(t => t.InstanceId == instanceId && t.Status == WorkTaskStatus.Completed && t.FormId != null
                    && (t.Kind == TaskKind.Form || t.Kind == TaskKind.Escalation))
                .OrderBy(t => t.CompletedAtUtc).ToListAsync(cancellationToken);
            var completions = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId && j.Action == "task.completed")
                .Select(j => j.DetailsJson).ToListAsync(cancellationToken);
            var answersByTask = completions.Select(json => JsonNode.Parse(json) as JsonObject).OfType<JsonObject>()
                .Where(d => d["task"] is not null && d["answers"] is JsonObject)
                .GroupBy(d => d["task"]!.GetValue<string>())
                .ToDictionary(g => g.Key, g => (JsonObject)g.Last()["answers"]!);
            foreach (var task in tasks)
                if (definition.FindForm(task.FormId!) is { } form && answersByTask.TryGetValue(task.Id.ToString(), out var answers))
                    resources.Add(QuestionnaireResponseResource.From(task, instance, patientCase, form, answers));
        }
        return resources;
    }
}
