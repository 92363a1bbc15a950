using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Fhir;

/// <summary>
/// The one place that knows how a FHIR Patient maps onto our tables. Today a case carries the patient's facts and the
/// case id is the patient id; when patients become their own entity, only this file changes.
/// </summary>
internal static class FhirPatients
{
    public static FhirPatientFacts Facts(PatientCase patientCase, FhirOptions options) => FhirPatientFacts.FromCase(patientCase, options.MrnSystem);

    public static async Task<(FhirPatientFacts Patient, DateTime CreatedAtUtc)?> FindAsync(ConsentFlowDbContext db, string patientId, FhirOptions options, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(patientId, out var id)) return null;
        var patientCase = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return patientCase is null ? null : (Facts(patientCase, options), patientCase.CreatedAtUtc);
    }

    /// <summary>The cases of these patients (today: the ids themselves, when such a case exists).</summary>
    public static async Task<IReadOnlyList<Guid>> CaseIdsAsync(ConsentFlowDbContext db, IEnumerable<string> patientIds, CancellationToken cancellationToken)
    {
        var ids = patientIds.Select(p => Guid.TryParse(p, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        return await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Patients with this MRN; a system other than ours matches nobody.</summary>
    public static async Task<IReadOnlyList<string>> IdsByMrnAsync(ConsentFlowDbContext db, string? system, string mrn, FhirOptions options, CancellationToken cancellationToken)
    {
        if (system is not null && system != options.MrnSystem) return [];
        var ids = await db.Cases.AsNoTracking().Where(c => c.Mrn == mrn).Select(c => c.Id).ToListAsync(cancellationToken);
        return ids.Select(id => id.ToString()).ToList();
    }

    public static async Task<IReadOnlyList<(FhirPatientFacts Patient, DateTime CreatedAtUtc)>> ListAsync(ConsentFlowDbContext db, IReadOnlyList<Guid>? caseIds, FhirOptions options, CancellationToken cancellationToken)
    {
        var query = db.Cases.AsNoTracking();
        if (caseIds is not null) query = query.Where(c => caseIds.Contains(c.Id));
        var cases = await query.OrderBy(c => c.CreatedAtUtc).ToListAsync(cancellationToken);
        return cases.Select(c => (Facts(c, options), c.CreatedAtUtc)).ToList();
    }
}
