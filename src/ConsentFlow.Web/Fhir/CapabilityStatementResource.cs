using System.Text.Json.Nodes;

namespace ConsentFlow.Web.Fhir;

/// <summary>States exactly what this server answers: read-only Consent, QuestionnaireResponse and DocumentReference, JSON only.</summary>
internal static class CapabilityStatementResource
{
    public static JsonObject Create(string baseUrl, DateTime publishedUtc) => new()
    {
        ["resourceType"] = "CapabilityStatement",
        ["status"] = "active",
        ["date"] = FhirJson.Instant(publishedUtc),
        ["kind"] = "instance",
        ["software"] = new JsonObject { ["name"] = "ConsentFlow" },
        ["implementation"] = new JsonObject { ["description"] = "ConsentFlow read-only FHIR facade", ["url"] = baseUrl },
        ["fhirVersion"] = "4.0.1",
        ["format"] = new JsonArray("application/fhir+json"),
        ["rest"] = new JsonArray(new JsonObject
        {
            ["mode"] = "server",
            ["resource"] = new JsonArray(
                Resource("Consent", ("patient", "reference")),
                Resource("QuestionnaireResponse", ("subject", "reference")),
                Resource("DocumentReference", ("patient", "reference"))),
        }),
    };

    private static JsonObject Resource(string type, params (string Name, string Type)[] searchParams) => new()
    {
        ["type"] = type,
        ["interaction"] = new JsonArray(new JsonObject { ["code"] = "read" }, new JsonObject { ["code"] = "search-type" }),
        ["searchParam"] = new JsonArray(searchParams.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["type"] = p.Type }).ToArray()),
    };
}
