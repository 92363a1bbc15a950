using System.Globalization;
using Hl7.Fhir.Model;

namespace ConsentFlow.Fhir;

/// <summary>
/// What every mapping needs to know about the server it maps for: its FHIR base (for canonical URLs and fullUrls), the
/// server root (for the PDF download URL), and the one organization name. Built once per request by the host.
/// </summary>
public sealed record FhirServer(string BaseUrl, string ServerUrl, string OrganizationName)
{
    /// <summary>The clinic is the only organization this server knows.</summary>
    public const string OrganizationId = "clinic";

    public ResourceReference Organization() => new($"Organization/{OrganizationId}", OrganizationName);

    public string FullUrl(Resource resource) => $"{BaseUrl}/{resource.TypeName}/{resource.Id}";

    /// <summary>A form of a workflow definition is one Questionnaire across versions; its canonical URL is its own read URL.</summary>
    public static string QuestionnaireId(string definitionId, string formId) => $"{definitionId}-{formId}";

    public string QuestionnaireUrl(string definitionId, string formId) => $"{BaseUrl}/Questionnaire/{QuestionnaireId(definitionId, formId)}";
}

/// <summary>Code systems and the one place FHIR instants are written.</summary>
public static class FhirCodes
{
    public const string Loinc = "http://loinc.org";
    public const string Cpt = "http://www.ama-assn.org/go/cpt";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Bcp47 = "urn:ietf:bcp:47";
    public const string Uri = "urn:ietf:rfc:3986";
    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    public const string ProvenanceParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public const string SignatureType = "urn:iso-astm:E1762-95:2013";
    /// <summary>Staff accounts: references carry the account id, never a name someone could type.</summary>
    public const string UserSystem = "urn:consentflow:user";
    public const string DocumentSha256System = "urn:consentflow:document-sha256";

    /// <summary>One coding with its display, the display repeated as the concept's text.</summary>
    public static CodeableConcept Concept(string system, string code, string? display = null) =>
        new CodeableConcept() { Coding = [new Coding(system, code, display)], Text = display };

    public static CodeableConcept PatientConsent() => Concept(Loinc, "59284-0", "Patient Consent");

    public static string Instant(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static DateTimeOffset Offset(DateTime utc) =>
        new(DateTime.SpecifyKind(utc, DateTimeKind.Utc).AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond)), TimeSpan.Zero);

    public static Meta Meta(string versionId, DateTime lastUpdatedUtc) => new() { VersionId = versionId, LastUpdated = Offset(lastUpdatedUtc) };

    public static Identifier Urn(Guid id) => new(Uri, $"urn:uuid:{id}");
}
