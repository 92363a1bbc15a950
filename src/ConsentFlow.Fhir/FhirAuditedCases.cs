using ConsentFlow.Engine.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Patient = Hl7.Fhir.Model.Patient;

namespace ConsentFlow.Fhir;

/// <summary>
/// The workflow instances (cases) whose patient data a FHIR answer showed, for the access audit: "who viewed this case"
/// must find the searches too. A Patient shows all of that person's cases; a Consent, its signatures (Provenance), a
/// document or a completed form shows the one case it belongs to. One database round trip for the whole answer.
/// </summary>
internal static class FhirAuditedCases
{
    public static async Task<IReadOnlyList<Guid>> InstanceIdsAsync(ConsentFlowDbContext db, IEnumerable<Resource> resources, CancellationToken cancellationToken)
    {
        List<Guid> patients = [], consents = [], documents = [], tasks = [];
        foreach (var resource in Flatten(resources))
            switch (resource)
            {
                case Patient p: Add(patients, p.Id); break;
                case Consent c: Add(consents, c.Id); break;
                case Provenance p: foreach (var target in p.Target) Add(consents, IdOf(target.Reference, "Consent/")); break;
                case DocumentReference d: Add(documents, d.Id); break;
                case QuestionnaireResponse q: Add(tasks, q.Id); break;
            }
        if (patients.Count + consents.Count + documents.Count + tasks.Count == 0) return [];

        var ofPatients = from instance in db.Instances
                         join patientCase in db.Cases on instance.CaseId equals patientCase.Id
                         where patients.Contains(patientCase.PatientId)
                         select instance.Id;
        var shown = ofPatients
            .Concat(db.Consents.Where(c => consents.Contains(c.Id)).Select(c => c.InstanceId))
            .Concat(db.Documents.Where(d => documents.Contains(d.Id)).Select(d => d.InstanceId))
            .Concat(db.Tasks.Where(t => tasks.Contains(t.Id)).Select(t => t.InstanceId));
        return (await shown.ToListAsync(cancellationToken)).Distinct().ToList();
    }

    /// <summary>A case Bundle's entries are what it showed.</summary>
    private static IEnumerable<Resource> Flatten(IEnumerable<Resource> resources) =>
        resources.SelectMany(r => r is Bundle bundle ? Flatten(bundle.Entry.Select(e => e.Resource).OfType<Resource>()) : [r]);

    private static void Add(List<Guid> ids, string? id)
    {
        if (Guid.TryParse(id, out var parsed) && !ids.Contains(parsed)) ids.Add(parsed);
    }

    private static string? IdOf(string? reference, string prefix) =>
        reference is null ? null : reference.LastIndexOf(prefix, StringComparison.Ordinal) is var at and >= 0 ? reference[(at + prefix.Length)..] : null;
}
