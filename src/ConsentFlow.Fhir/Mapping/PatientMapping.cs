using Hl7.Fhir.Model;

namespace ConsentFlow.Fhir.Mapping;

/// <summary>The patient and the clinic: the two resources every other one refers to.</summary>
public static class PatientMapping
{
    public static Patient Patient(FhirPatientFacts patient, FhirServer server, DateTime lastUpdatedUtc) => new()
    {
        Id = patient.Id,
        Meta = FhirCodes.Meta("1", lastUpdatedUtc),
        Identifier = [Mrn(patient)],
        Name = [new HumanName { Use = HumanName.NameUse.Official, Family = patient.Family, Given = [patient.Given] }],
        Gender = patient.Sex switch
        {
            "F" => AdministrativeGender.Female,
            "M" => AdministrativeGender.Male,
            "X" => AdministrativeGender.Other,
            _ => AdministrativeGender.Unknown,
        },
        BirthDate = patient.BirthDate.ToString("yyyy-MM-dd"),
        Communication = [new Patient.CommunicationComponent { Language = Language(patient.Language), Preferred = true }],
        ManagingOrganization = server.Organization(),
    };

    public static Identifier Mrn(FhirPatientFacts patient) => new(patient.MrnSystem, patient.Mrn)
    {
        Use = Identifier.IdentifierUse.Usual,
        Type = FhirCodes.Concept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"),
    };

    /// <summary>A reference to the patient that also carries the MRN, so a receiver can match it without a read.</summary>
    public static ResourceReference Reference(FhirPatientFacts patient) => new($"Patient/{patient.Id}")
    {
        Identifier = new Identifier(patient.MrnSystem, patient.Mrn),
    };

    public static CodeableConcept Language(string code) => FhirCodes.Concept(FhirCodes.Bcp47, code, code switch
    {
        "en" => "English",
        "es" => "Spanish",
        _ => null,
    });

    public static Organization Organization(FhirServer server, DateTime lastUpdatedUtc) => new()
    {
        Id = FhirServer.OrganizationId,
        Meta = FhirCodes.Meta("1", lastUpdatedUtc),
        Active = true,
        Name = server.OrganizationName,
        Type = [FhirCodes.Concept("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
    };
}
