using Hl7.Fhir.Model;

namespace ConsentFlow.Web.Fhir;

/// <summary>One search parameter this server understands, as the CapabilityStatement states it.</summary>
public sealed record SearchParameterSpec(string Name, SearchParamType Type, string Documentation);

/// <summary>
/// What each resource type answers: interactions, search parameters, _include and _revinclude. The endpoints refuse
/// anything else and the CapabilityStatement is built from this table, so the two cannot disagree.
/// </summary>
public sealed record ResourceSpec(
    ResourceType Type,
    IReadOnlyList<CapabilityStatement.TypeRestfulInteraction> Interactions,
    IReadOnlyList<SearchParameterSpec> Search,
    IReadOnlyList<string> Includes,
    IReadOnlyList<string> RevIncludes,
    bool Versioned = false)
{
    public bool Accepts(string name) => Search.Any(p => p.Name == name);
}

public static class FhirSearchParameters
{
    public const int DefaultCount = 20;
    public const int MaxCount = 100;

    /// <summary>Paging and format parameters every search takes.</summary>
    public static readonly IReadOnlyList<SearchParameterSpec> Common =
    [
        new("_count", SearchParamType.Number, $"Page size, 0 to {MaxCount} (default {DefaultCount}); 0 returns only the total."),
        new("_offset", SearchParamType.Number, "Index of the first match on the page (the paging links set it)."),
    ];

    private static readonly CapabilityStatement.TypeRestfulInteraction[] ReadSearch =
        [CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType];

    private static SearchParameterSpec PatientParam(string name) =>
        new(name, SearchParamType.Reference, "Patient/{id}. Chained: " + name + ".identifier=system|value finds the patient by MRN.");

    private static SearchParameterSpec PatientIdentifier(string name) =>
        new(name + ".identifier", SearchParamType.Token, "The patient's MRN as system|value (or value).");

    public static readonly IReadOnlyList<ResourceSpec> Resources =
    [
        new(ResourceType.Patient, ReadSearch,
            [new("_id", SearchParamType.Token, "Logical id."), new("identifier", SearchParamType.Token, "MRN as system|value (or value).")],
            [], []),
        new(ResourceType.Consent,
            [.. ReadSearch, CapabilityStatement.TypeRestfulInteraction.Vread, CapabilityStatement.TypeRestfulInteraction.HistoryInstance],
            [PatientParam("patient"), PatientIdentifier("patient"),
             new("status", SearchParamType.Token, "proposed | active | rejected | inactive (comma for any of them)."),
             new("date", SearchParamType.Date, "Consent.dateTime, with eq, ne, gt, ge, lt, le prefixes.")],
            ["Consent:patient", "Consent:source-reference"], ["Provenance:target"], Versioned: true),
        new(ResourceType.Provenance, ReadSearch,
            [new("target", SearchParamType.Reference, "Consent/{id}: the signatures of that consent.")],
            [], []),
        new(ResourceType.DocumentReference, ReadSearch,
            [PatientParam("patient"), PatientIdentifier("patient"), PatientParam("subject"), PatientIdentifier("subject"),
             new("status", SearchParamType.Token, "current | superseded."),
             new("date", SearchParamType.Date, "DocumentReference.date, with eq, ne, gt, ge, lt, le prefixes.")],
            ["DocumentReference:patient", "DocumentReference:subject"], []),
        new(ResourceType.QuestionnaireResponse, ReadSearch,
            [PatientParam("patient"), PatientIdentifier("patient"), PatientParam("subject"), PatientIdentifier("subject"),
             new("status", SearchParamType.Token, "completed."),
             new("authored", SearchParamType.Date, "When the form was completed, with eq, ne, gt, ge, lt, le prefixes."),
             new("questionnaire", SearchParamType.Reference, "The Questionnaire's canonical URL, with or without |version.")],
            ["QuestionnaireResponse:patient", "QuestionnaireResponse:subject"], []),
        new(ResourceType.Questionnaire,
            [.. ReadSearch, CapabilityStatement.TypeRestfulInteraction.Vread, CapabilityStatement.TypeRestfulInteraction.HistoryInstance],
            [new("url", SearchParamType.Uri, "Canonical URL."), new("version", SearchParamType.Token, "The workflow definition version."),
             new("status", SearchParamType.Token, "active (newest version) | retired.")],
            [], [], Versioned: true),
        new(ResourceType.Organization, [CapabilityStatement.TypeRestfulInteraction.Read], [], [], []),
        new(ResourceType.Bundle, [CapabilityStatement.TypeRestfulInteraction.Read], [], [], []),
    ];

    public static ResourceSpec For(ResourceType type) => Resources.Single(r => r.Type == type);
}
