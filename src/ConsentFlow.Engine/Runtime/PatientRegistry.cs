using ConsentFlow.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace ConsentFlow.Engine.Runtime;

/// <summary>
/// Patients are people, cases are episodes: a new case with an MRN already on record (same assigning system) belongs to
/// that patient. Identifiers that disagree are a clerical error to resolve, never a reason to make a second person.
/// </summary>
public static class PatientRegistry
{
    public static string SystemOf(PatientIdentity identity) =>
        string.IsNullOrWhiteSpace(identity.MrnSystem) ? Patient.LocalMrnSystem : identity.MrnSystem.Trim();

    /// <summary>The patient with this MRN, or null.</summary>
    public static Task<Patient?> FindAsync(ConsentFlowDbContext db, string mrnSystem, string mrn, CancellationToken cancellationToken)
    {
        var system = string.IsNullOrWhiteSpace(mrnSystem) ? Patient.LocalMrnSystem : mrnSystem.Trim();
        var number = mrn.Trim();
        return db.Patients.FirstOrDefaultAsync(p => p.MrnSystem == system && p.Mrn == number, cancellationToken);
    }

    /// <summary>
    /// The patient a new case links to: the one on record with this MRN (tracked, so the case's foreign key saves with
    /// it), or a new one added to <paramref name="db"/>. Name or birth date that disagree with the record are a conflict
    /// naming the fields, never their values.
    /// </summary>
    internal static async Task<Patient> LinkAsync(ConsentFlowDbContext db, PatientIdentity identity, string language, DateTime now,
        CancellationToken cancellationToken)
    {
        var system = SystemOf(identity);
        var known = await FindAsync(db, system, identity.Mrn, cancellationToken);
        if (known is null)
        {
            var patient = new Patient
            {
                Id = Ids.New(), MrnSystem = system, Mrn = identity.Mrn.Trim(), FamilyName = identity.FamilyName.Trim(),
                GivenName = identity.GivenName.Trim(), BirthDate = identity.BirthDate, Sex = identity.Sex, Language = language, CreatedAtUtc = now,
            };
            db.Patients.Add(patient);
            return patient;
        }
        var disagreeing = Disagreements(known, identity);
        if (disagreeing.Count > 0)
            throw new PatientMismatchException(disagreeing);
        return known;
    }

    /// <summary>The fields (as the request names them) whose values differ from the patient on record.</summary>
    public static IReadOnlyList<string> Disagreements(Patient known, PatientIdentity identity)
    {
        var fields = new List<string>();
        if (!Same(known.FamilyName, identity.FamilyName)) fields.Add("patient.familyName");
        if (!Same(known.GivenName, identity.GivenName)) fields.Add("patient.givenName");
        if (known.BirthDate != identity.BirthDate) fields.Add("patient.birthDate");
        return fields;
    }

    // Case and surrounding spaces are how a name was typed, not who the person is.
    private static bool Same(string recorded, string given) =>
        string.Equals(recorded.Trim(), given.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>A case named an MRN on record for someone whose name or birth date differs: resolve the identity first.</summary>
public sealed class PatientMismatchException(IReadOnlyList<string> fields)
    : ConflictException($"The MRN is on record for a patient whose {string.Join(", ", fields)} differ from this request; check the patient's identifiers before booking.")
{
    public IReadOnlyList<string> Fields { get; } = fields;
}
