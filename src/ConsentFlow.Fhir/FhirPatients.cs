using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Fhir;

/// <summary>How a FHIR Patient maps onto our tables: a patient is a person with any number of cases (episodes).</summary>
internal static class FhirPatients
{
    public static async Task<(FhirPatientFacts Patient, DateTime CreatedAtUtc)?> FindAsync(ConsentFlowDbContext db, string patientId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(patientId, out var id)) return null;
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return patient is null ? null : (FhirPatientFacts.From(patient), patient.CreatedAtUtc);
    }

    /// <summary>The cases of these patients.</summary>
    public static async Task<IReadOnlyList<Guid>> CaseIdsAsync(ConsentFlowDbContext db, IEnumerable<string> patientIds, CancellationToken cancellationToken)
    {
        var ids = patientIds.Select(p => Guid.TryParse(p, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        return await db.Cases.AsNoTracking().Where(c => ids.Contains(c.PatientId)).Select(c => c.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Patients with this MRN, from any assigning system when the search names none.</summary>
    public static async Task<IReadOnlyList<string>> IdsByMrnAsync(ConsentFlowDbContext db, string? system, string mrn, CancellationToken cancellationToken)
    {
        var ids = await db.Patients.AsNoTracking().Where(p => p.Mrn == mrn && (system == null || p.MrnSystem == system))
            .Select(p => p.Id).ToListAsync(cancellationToken);
        return ids.Select(id => id.ToString()).ToList();
    }

    /// <summary>Every patient, or the patients of these cases.</summary>
    public static async Task<IReadOnlyList<(FhirPatientFacts Patient, DateTime CreatedAtUtc)>> ListAsync(ConsentFlowDbContext db, IReadOnlyList<Guid>? caseIds, CancellationToken cancellationToken)
    {
        var query = db.Patients.AsNoTracking();
        if (caseIds is not null) query = query.Where(p => db.Cases.Any(c => c.PatientId == p.Id && caseIds.Contains(c.Id)));
        var patients = await query.OrderBy(p => p.CreatedAtUtc).ToListAsync(cancellationToken);
        return patients.Select(p => (FhirPatientFacts.From(p), p.CreatedAtUtc)).ToList();
    }
}
