using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Fhir;

/// <summary>
/// Everything the FHIR Patient is built from. Filled in exactly one place (<see cref="FromCase"/>) so that when the
/// patient becomes its own entity only that function changes.
/// </summary>
public sealed record FhirPatientFacts(string Id, string MrnSystem, string Mrn, string Family, string Given, DateOnly BirthDate, string? Sex, string Language)
{
    /// <summary>Today the patient's facts live on the case and the case id stands in for the patient id.</summary>
    public static FhirPatientFacts FromCase(PatientCase patientCase, string mrnSystem) => new(
        patientCase.Id.ToString(), mrnSystem, patientCase.Mrn, patientCase.FamilyName, patientCase.GivenName,
        patientCase.BirthDate, patientCase.Sex, patientCase.Language);
}
