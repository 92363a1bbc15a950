using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Fhir;

/// <summary>Everything the FHIR Patient is built from: the person, not one of their cases.</summary>
public sealed record FhirPatientFacts(string Id, string MrnSystem, string Mrn, string Family, string Given, DateOnly BirthDate, string? Sex, string Language)
{
    public static FhirPatientFacts From(Patient patient) => new(
        patient.Id.ToString(), patient.MrnSystem, patient.Mrn, patient.FamilyName, patient.GivenName,
        patient.BirthDate, patient.Sex, patient.Language);
}
