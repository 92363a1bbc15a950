using ConsentFlow.Engine.Runtime;
using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Application.Reading;

/// <summary>A patient on record, as the new-case screen shows it before a case is linked to them.</summary>
public sealed record PatientRecord(Guid Id, string MrnSystem, string Mrn, string FamilyName, string GivenName, DateOnly BirthDate, string? Sex,
    string Language, int CaseCount)
{
    public string DisplayName => $"{FamilyName}, {GivenName}";
}

/// <summary>A patient found by a lookup, with the workflow instances of their cases (ids for the access audit, never shown).</summary>
public sealed record PatientLookup(PatientRecord Patient, IReadOnlyList<Guid> InstanceIds);

/// <summary>Finds patients by identifier; a case booked with that MRN links to the same person.</summary>
public sealed class PatientDirectory(IDbContextFactory<ConsentFlowDbContext> contexts, ClinicSettings clinic)
{
    /// <summary>The patient and the workflow instances of their cases: a lookup shows the person, so the access audit names each case.</summary>
    public async Task<PatientLookup?> LookUpAsync(string mrn, string? mrnSystem, CancellationToken cancellationToken)
    {
        var number = CaseValidator.RequiredText("mrn", mrn, 64, identifier: true);
        var system = string.IsNullOrWhiteSpace(mrnSystem) ? clinic.MrnSystem : CaseValidator.RequiredText("mrnSystem", mrnSystem, 200, identifier: true);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patient = await PatientRegistry.FindAsync(db, system, number, cancellationToken);
        if (patient is null) return null;
        var cases = await (from patientCase in db.Cases
                           where patientCase.PatientId == patient.Id
                           join instance in db.Instances on patientCase.Id equals instance.CaseId into instances
                           from instance in instances.DefaultIfEmpty()
                           select new { CaseId = patientCase.Id, InstanceId = (Guid?)instance.Id }).ToListAsync(cancellationToken);
        return new PatientLookup(
            new PatientRecord(patient.Id, patient.MrnSystem, patient.Mrn, patient.FamilyName, patient.GivenName, patient.BirthDate, patient.Sex,
                patient.Language, cases.Select(c => c.CaseId).Distinct().Count()),
            cases.Select(c => c.InstanceId).OfType<Guid>().Distinct().ToList());
    }
}
