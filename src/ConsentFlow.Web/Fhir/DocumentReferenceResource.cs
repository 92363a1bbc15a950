using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ConsentFlow.Engine.Storage;
using ConsentFlow.Application.Documents;

namespace ConsentFlow.Web.Fhir;

/// <summary>
/// A signed consent PDF as a FHIR R4 DocumentReference (domain brief §6): current or superseded, final, LOINC 59284-0,
/// the attachment with size and SHA-1 hash, <c>relatesTo.replaces</c> for a regenerated version, and the Consent it documents.
/// </summary>
internal static class DocumentReferenceResource
{
    public const string Sha256System = "urn:consentflow:document-sha256";

    /// <param name="serverUrl">The server's root (no <c>/fhir</c>), for the attachment's download URL.</param>
    public static JsonObject From(StoredDocument document, PatientCase patientCase, string organizationName, string serverUrl)
    {
        var resource = new JsonObject
        {
            ["resourceType"] = "DocumentReference",
            ["id"] = document.Id.ToString(),
            ["masterIdentifier"] = new JsonObject { ["system"] = "urn:ietf:rfc:3986", ["value"] = $"urn:uuid:{document.Id}" },
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = Sha256System, ["value"] = document.Sha256 }),
            ["status"] = document.Status == DocumentStatus.Current ? DocumentView.StatusCurrent : DocumentView.StatusSuperseded,
            ["docStatus"] = "final",
            ["type"] = FhirJson.Concept("http://loinc.org", "59284-0", "Patient Consent"),
            ["subject"] = FhirJson.PatientReference(patientCase.Id, patientCase.Mrn),
            ["date"] = FhirJson.Instant(document.CreatedAtUtc),
            // The clinic issues and seals the document; signers are recorded on the Consent and in the PDF itself.
            ["author"] = new JsonArray(new JsonObject { ["type"] = "Organization", ["display"] = organizationName }),
            ["authenticator"] = new JsonObject { ["type"] = "Organization", ["display"] = organizationName },
            ["description"] = $"Signed consent, version {document.Version}",
            ["content"] = new JsonArray(new JsonObject
            {
                ["attachment"] = new JsonObject
                {
                    ["contentType"] = "application/pdf",
                    ["language"] = document.Language,
                    ["url"] = serverUrl + DocumentView.PdfUrl(document.Id),
                    ["size"] = document.Size,
                    ["hash"] = Convert.ToBase64String(SHA1.HashData(document.Content)),
                    ["title"] = DocumentView.FileName(document.Id),
                    ["creation"] = FhirJson.Instant(document.CreatedAtUtc),
                },
            }),
        };
        if (document.SupersedesId is { } replaced)
            resource["relatesTo"] = new JsonArray(new JsonObject
            {
                ["code"] = "replaces",
                ["target"] = new JsonObject { ["reference"] = $"DocumentReference/{replaced}" },
            });
        if (document.ConsentId is { } consent)
            resource["context"] = new JsonObject { ["related"] = new JsonArray(new JsonObject { ["reference"] = $"Consent/{consent}" }) };
        return resource;
    }
}
