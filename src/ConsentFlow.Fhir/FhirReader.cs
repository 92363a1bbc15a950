using System.Text.Json.Nodes;
using ConsentFlow.Engine.Publishing;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Fhir.Mapping;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Patient = Hl7.Fhir.Model.Patient;
using Task = System.Threading.Tasks.Task;

namespace ConsentFlow.Fhir;

/// <summary>
/// Reads the engine's tables and returns FHIR resources. Read-only, so it never goes through the workflow runtime.
/// <paramref name="caseIds"/> arguments narrow a read to some cases (a patient search); null reads every case.
/// </summary>
public sealed class FhirReader(IDbContextFactory<ConsentFlowDbContext> contexts, DefinitionCatalog catalog)
{
    public async Task<Patient?> PatientAsync(string id, FhirServer server, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FhirPatients.FindAsync(db, id, cancellationToken) is { } found ? PatientMapping.Patient(found.Patient, server, found.CreatedAtUtc) : null;
    }

    public async Task<IReadOnlyList<Patient>> PatientsAsync(IReadOnlyList<Guid>? caseIds, FhirServer server, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await FhirPatients.ListAsync(db, caseIds, cancellationToken)).Select(p => PatientMapping.Patient(p.Patient, server, p.CreatedAtUtc)).ToList();
    }

    public async Task<IReadOnlyList<string>> PatientIdsByMrnAsync(string? system, string mrn, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FhirPatients.IdsByMrnAsync(db, system, mrn, cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> CaseIdsOfPatientsAsync(IEnumerable<string> patientIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FhirPatients.CaseIdsAsync(db, patientIds, cancellationToken);
    }

    /// <summary>The cases whose patient data these resources show (for the access audit of a read or search).</summary>
    public async Task<IReadOnlyList<Guid>> InstancesShownAsync(IEnumerable<Resource> resources, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FhirAuditedCases.InstanceIdsAsync(db, resources, cancellationToken);
    }

    public async Task<Consent?> ConsentAsync(Guid id, FhirServer server, CancellationToken cancellationToken) =>
        (await LoadConsentsAsync(null, id, cancellationToken)).Select(c => ConsentMapping.Consent(c.Current(), server)).FirstOrDefault();

    /// <summary>Every version of one Consent, newest first, replayed from the journal's consent entries.</summary>
    public async Task<IReadOnlyList<Consent>> ConsentHistoryAsync(Guid id, FhirServer server, CancellationToken cancellationToken) =>
        (await LoadConsentsAsync(null, id, cancellationToken)).SelectMany(c => c.Versions()).Reverse().Select(v => ConsentMapping.Consent(v, server)).ToList();

    public async Task<IReadOnlyList<Consent>> ConsentsAsync(IReadOnlyList<Guid>? caseIds, FhirServer server, CancellationToken cancellationToken) =>
        (await LoadConsentsAsync(caseIds, null, cancellationToken)).Select(c => ConsentMapping.Consent(c.Current(), server)).ToList();

    public async Task<Provenance?> ProvenanceAsync(string id, CancellationToken cancellationToken)
    {
        var dash = id.LastIndexOf('-');
        if (dash < 0 || !Guid.TryParse(id[..dash], out var consentId) || !int.TryParse(id[(dash + 1)..], out _)) return null;
        return (await ProvenancesAsync(null, consentId, cancellationToken)).FirstOrDefault(p => p.Id == id);
    }

    public async Task<IReadOnlyList<Provenance>> ProvenancesAsync(IReadOnlyList<Guid>? caseIds, Guid? consentId, CancellationToken cancellationToken) =>
        (await LoadConsentsAsync(caseIds, consentId, cancellationToken))
            .SelectMany(c => SignatureFacts.Parse(c.Record.SignaturesJson).Select(s => ProvenanceMapping.Provenance(c.Current(), s))).ToList();

    public async Task<DocumentReference?> DocumentReferenceAsync(Guid id, FhirServer server, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var caseId = await (from document in db.Documents
                            join instance in db.Instances on document.InstanceId equals instance.Id
                            where document.Id == id
                            select (Guid?)instance.CaseId).FirstOrDefaultAsync(cancellationToken);
        if (caseId is null) return null;
        return (await DocumentReferencesAsync(db, [caseId.Value], server, cancellationToken)).FirstOrDefault(d => d.Id == id.ToString());
    }

    /// <summary>Every version, newest first; the bytes are read for the attachment's SHA-1.</summary>
    public async Task<IReadOnlyList<DocumentReference>> DocumentReferencesAsync(IReadOnlyList<Guid>? caseIds, FhirServer server, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await DocumentReferencesAsync(db, caseIds, server, cancellationToken);
    }

    private async Task<IReadOnlyList<DocumentReference>> DocumentReferencesAsync(ConsentFlowDbContext db, IReadOnlyList<Guid>? caseIds, FhirServer server, CancellationToken cancellationToken)
    {
        var rows = await (from document in db.Documents.AsNoTracking()
                          join instance in db.Instances on document.InstanceId equals instance.Id
                          join patientCase in db.Cases on instance.CaseId equals patientCase.Id
                          join patient in db.Patients on patientCase.PatientId equals patient.Id
                          where caseIds == null || caseIds.Contains(patientCase.Id)
                          select new { document, patient }).ToListAsync(cancellationToken);
        var supersededAt = rows.Where(r => r.document.SupersedesId is not null)
            .ToDictionary(r => r.document.SupersedesId!.Value, r => r.document.CreatedAtUtc);
        return rows.OrderByDescending(r => r.document.CreatedAtUtc).ThenByDescending(r => r.document.Version)
            .Select(r => DocumentReferenceMapping.DocumentReference(
                new DocumentFacts(r.document, FhirPatientFacts.From(r.patient), supersededAt.TryGetValue(r.document.Id, out var at) ? at : null), server))
            .ToList();
    }

    public async Task<QuestionnaireResponse?> ResponseAsync(Guid taskId, FhirServer server, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var caseId = await (from task in db.Tasks
                            join instance in db.Instances on task.InstanceId equals instance.Id
                            where task.Id == taskId
                            select (Guid?)instance.CaseId).FirstOrDefaultAsync(cancellationToken);
        if (caseId is null) return null;
        return (await ResponsesAsync(db, [caseId.Value], server, cancellationToken)).FirstOrDefault(r => r.Id == taskId.ToString());
    }

    public async Task<IReadOnlyList<QuestionnaireResponse>> ResponsesAsync(IReadOnlyList<Guid>? caseIds, FhirServer server, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ResponsesAsync(db, caseIds, server, cancellationToken);
    }

    /// <summary>Answers come from the journal's task.completed entries, so every completed form keeps what was submitted then.</summary>
    private async Task<IReadOnlyList<QuestionnaireResponse>> ResponsesAsync(ConsentFlowDbContext db, IReadOnlyList<Guid>? caseIds, FhirServer server, CancellationToken cancellationToken)
    {
        var instances = await (from instance in db.Instances.AsNoTracking()
                               join patientCase in db.Cases on instance.CaseId equals patientCase.Id
                               join patient in db.Patients on patientCase.PatientId equals patient.Id
                               where caseIds == null || caseIds.Contains(patientCase.Id)
                               orderby instance.CreatedAtUtc
                               select new { instance, patient }).ToListAsync(cancellationToken);
        var resources = new List<QuestionnaireResponse>();
        foreach (var row in instances)
        {
            var instance = row.instance;
            var definition = await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
            var tasks = await db.Tasks.AsNoTracking()
                .Where(t => t.InstanceId == instance.Id && t.Status == WorkTaskStatus.Completed && t.FormId != null
                    && (t.Kind == TaskKind.Form || t.Kind == TaskKind.Escalation))
                .OrderBy(t => t.CompletedAtUtc).ToListAsync(cancellationToken);
            if (tasks.Count == 0) continue;
            var completions = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instance.Id && j.Action == "task.completed")
                .OrderBy(j => j.Sequence).Select(j => j.DetailsJson).ToListAsync(cancellationToken);
            var answersByTask = completions.Select(json => JsonNode.Parse(json) as JsonObject).OfType<JsonObject>()
                .Where(d => d["task"] is JsonValue && d["answers"] is JsonObject)
                .GroupBy(d => d["task"]!.GetValue<string>())
                .ToDictionary(g => g.Key, g => (JsonObject)g.Last()["answers"]!);
            var patient = FhirPatientFacts.From(row.patient);
            foreach (var task in tasks)
                if (definition.FindForm(task.FormId!) is { } form && answersByTask.TryGetValue(task.Id.ToString(), out var answers))
                    resources.Add(QuestionnaireResponseMapping.Response(
                        new ResponseFacts(task, instance.DefinitionId, instance.DefinitionVersion, form, answers, patient), server));
        }
        return resources;
    }

    /// <summary>Every form of every published definition version; <paramref name="id"/> narrows to one form's versions. Oldest first.</summary>
    public async Task<IReadOnlyList<Questionnaire>> QuestionnairesAsync(string? id, FhirServer server, CancellationToken cancellationToken)
    {
        var versions = await catalog.ListVersionsAsync(cancellationToken);
        var latest = versions.GroupBy(v => v.DefinitionId).ToDictionary(g => g.Key, g => g.Max(v => v.Version));
        var questionnaires = new List<Questionnaire>();
        foreach (var version in versions)
        {
            if (id is not null && !id.StartsWith(version.DefinitionId + "-", StringComparison.Ordinal)) continue;
            var definition = await catalog.GetAsync(version.DefinitionId, version.Version, cancellationToken);
            foreach (var form in definition.Forms)
            {
                if (id is not null && FhirServer.QuestionnaireId(definition.Id, form.Id) != id) continue;
                questionnaires.Add(QuestionnaireMapping.Questionnaire(
                    new QuestionnaireFacts(definition, version.Version, version.PublishedAtUtc, form, version.Version == latest[version.DefinitionId]), server));
            }
        }
        return questionnaires;
    }

    /// <summary>One case's resources as a collection Bundle, with the questionnaire versions its forms answered.</summary>
    public async Task<Bundle?> CaseBundleAsync(Guid caseId, FhirServer server, DateTime nowUtc, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> cases = [caseId];
        var patients = await PatientsAsync(cases, server, cancellationToken);
        if (patients.Count == 0) return null;
        var consents = await ConsentsAsync(cases, server, cancellationToken);
        var provenances = await ProvenancesAsync(cases, null, cancellationToken);
        var documents = await DocumentReferencesAsync(cases, server, cancellationToken);
        var responses = await ResponsesAsync(cases, server, cancellationToken);
        var answered = responses.Select(r => r.Questionnaire).ToHashSet();
        var questionnaires = (await QuestionnairesAsync(null, server, cancellationToken)).Where(q => answered.Contains($"{q.Url}|{q.Version}"));
        IEnumerable<Resource> all = [.. patients, PatientMapping.Organization(server, patients[0].Meta?.LastUpdated?.UtcDateTime ?? nowUtc), .. consents, .. provenances, .. documents, .. responses, .. questionnaires];
        return BundleMapping.Case(caseId, all, server, nowUtc);
    }

    private async Task<IReadOnlyList<LoadedConsent>> LoadConsentsAsync(IReadOnlyList<Guid>? caseIds, Guid? consentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from consent in db.Consents.AsNoTracking()
                          join instance in db.Instances on consent.InstanceId equals instance.Id
                          join patientCase in db.Cases on instance.CaseId equals patientCase.Id
                          join patient in db.Patients on patientCase.PatientId equals patient.Id
                          where (caseIds == null || caseIds.Contains(patientCase.Id)) && (consentId == null || consent.Id == consentId)
                          orderby consent.CreatedAtUtc
                          select new { consent, instance.DataJson, patientCase, patient }).ToListAsync(cancellationToken);
        if (rows.Count == 0) return [];
        var instanceIds = rows.Select(r => r.consent.InstanceId).Distinct().ToList();
        var journal = await db.Journal.AsNoTracking()
            .Where(j => j.InstanceId != null && instanceIds.Contains(j.InstanceId.Value) && j.Action.StartsWith("consent."))
            .OrderBy(j => j.Sequence).Select(j => new { j.Action, j.AtUtc, j.DetailsJson }).ToListAsync(cancellationToken);
        var documents = await db.Documents.AsNoTracking().Where(d => d.ConsentId != null && instanceIds.Contains(d.InstanceId))
            .Select(d => new { d.Id, d.ConsentId, d.Status, d.CreatedAtUtc }).ToListAsync(cancellationToken);
        var events = journal.Select(j => (j.Action, j.AtUtc, Details: JsonNode.Parse(j.DetailsJson) as JsonObject))
            .Where(j => LoadedConsent.Actions.Contains(j.Action) && j.Details?["consent"] is JsonValue).ToLookup(j => j.Details!["consent"]!.GetValue<string>());
        return rows.Select(r => new LoadedConsent(
            r.consent,
            FhirPatientFacts.From(r.patient),
            r.patientCase,
            ConsentParties.From(JsonNode.Parse(r.DataJson) as JsonObject),
            events[r.consent.Id.ToString()].Select(e => new ConsentEvent(e.Action, e.AtUtc)).ToList(),
            documents.Where(d => d.ConsentId == r.consent.Id).OrderByDescending(d => d.Status == DocumentStatus.Current).ThenByDescending(d => d.CreatedAtUtc)
                .Select(d => (d.Id, d.CreatedAtUtc)).ToList())).ToList();
    }
}
