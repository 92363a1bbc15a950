using System.Text.Json.Nodes;
using ConsentFlow.Engine.Storage;

namespace ConsentFlow.Web.Fhir;

/// <summary>Maps a consent record to a FHIR R4 Consent (domain brief §6). Only what the record really holds is emitted.</summary>
internal static class ConsentResource
{
    public static JsonObject From(ConsentRecord consent, PatientCase patientCase, bool signedByRepresentative, string organizationName)
    {
        var signatures = JsonNode.Parse(consent.SignaturesJson) as JsonArray ?? [];
        var resource = new JsonObject
        {
            ["resourceType"] = "Consent",
            ["id"] = consent.Id.ToString(),
            ["status"] = Status(consent.Status),
            ["scope"] = FhirJson.Concept("http://terminology.hl7.org/CodeSystem/consentscope", "treatment", "Treatment"),
            ["category"] = new JsonArray(FhirJson.Concept("http://loinc.org", "59284-0", "Patient Consent")),
            ["patient"] = FhirJson.PatientReference(patientCase.Id, patientCase.Mrn),
            ["dateTime"] = FhirJson.Instant(consent.SignedAtUtc ?? consent.CreatedAtUtc),
            ["organization"] = new JsonArray(new JsonObject { ["display"] = organizationName }),
            // ppc-1 needs a policy or policyRule; the clinic's policy has no URI yet, so the generic opt-in rule is stated.
            ["policyRule"] = FhirJson.Concept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in"),
            ["provision"] = Provision(consent, patientCase),
        };
        if (Performer(signatures, patientCase, signedByRepresentative) is { } performer) resource["performer"] = new JsonArray(performer);
        return resource;
    }

    public static string Status(ConsentStatus status) => status switch
    {
        ConsentStatus.Proposed => "proposed",
        ConsentStatus.Active => "active",
        ConsentStatus.Rejected => "rejected",
        _ => "inactive",
    };

    private static JsonObject Provision(ConsentRecord consent, PatientCase patientCase)
    {
        var provision = new JsonObject
        {
            ["type"] = "permit",
            ["actor"] = new JsonArray(new JsonObject
            {
                ["role"] = FhirJson.Concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PPRF", "primary performer"),
                ["reference"] = new JsonObject { ["display"] = patientCase.Surgeon },
            }),
            ["code"] = new JsonArray(FhirJson.Concept("http://www.ama-assn.org/go/cpt", patientCase.Cpt, patientCase.Procedure)),
        };
        if (consent.SignedAtUtc is { } signed)
        {
            var period = new JsonObject { ["start"] = FhirJson.Instant(signed) };
            if (consent.ExpiresAtUtc is { } expires) period["end"] = FhirJson.Instant(expires);
            provision["period"] = period;
        }
        return provision;
    }

    /// <summary>The person who gave consent: the patient, or the legal representative who signed for them.</summary>
    private static JsonObject? Performer(JsonArray signatures, PatientCase patientCase, bool signedByRepresentative)
    {
        var first = signatures.OfType<JsonObject>().FirstOrDefault();
        if (first is null) return null;
        return signedByRepresentative
            ? new JsonObject { ["type"] = "RelatedPerson", ["display"] = first["answers"]?["printedName"]?.GetValue<string>() }
            : FhirJson.PatientReference(patientCase.Id, patientCase.Mrn);
    }
}
