using System.Globalization;
using System.Text.Json.Nodes;

namespace ConsentFlow.Web.Fhir;

/// <summary>Small helpers for writing FHIR R4 JSON by hand: the resources here are few and flat, so a full FHIR SDK would add more than it saves.</summary>
internal static class FhirJson
{
    public const string ContentType = "application/fhir+json";
    public const string PatientMrnSystem = "urn:consentflow:mrn";

    public static JsonObject Coding(string system, string code, string? display = null)
    {
        var coding = new JsonObject { ["system"] = system, ["code"] = code };
        if (display is not null) coding["display"] = display;
        return coding;
    }

    public static JsonObject Concept(string system, string code, string? display = null) =>
        new() { ["coding"] = new JsonArray(Coding(system, code, display)) };

    /// <summary>Patients are referenced by case id (opaque) plus the MRN identifier, so no Patient endpoint is implied.</summary>
    public static JsonObject PatientReference(Guid caseId, string mrn) => new()
    {
        ["reference"] = $"Patient/{caseId}",
        ["identifier"] = new JsonObject { ["system"] = PatientMrnSystem, ["value"] = mrn },
    };

    public static string Instant(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static JsonObject Bundle(IEnumerable<JsonObject> resources, string baseUrl)
    {
        var entries = new JsonArray();
        foreach (var resource in resources)
            entries.Add(new JsonObject
            {
                ["fullUrl"] = $"{baseUrl}/{resource["resourceType"]}/{resource["id"]}",
                ["resource"] = resource,
                ["search"] = new JsonObject { ["mode"] = "match" },
            });
        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["total"] = entries.Count, ["entry"] = entries };
    }

    public static JsonObject OperationOutcome(string code, string diagnostics) => new()
    {
        ["resourceType"] = "OperationOutcome",
        ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = code, ["diagnostics"] = diagnostics }),
    };
}
