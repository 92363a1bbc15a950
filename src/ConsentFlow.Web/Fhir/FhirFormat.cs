using System.Globalization;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Net.Http.Headers;

namespace ConsentFlow.Web.Fhir;

public enum FhirWireFormat { Json, Xml }

/// <summary>
/// Picks JSON or XML for a FHIR response: <c>_format</c> wins (json, xml or a FHIR mime type), then the Accept header;
/// JSON when neither asks. Any other asked-for format is refused with 406 before the handler runs.
/// </summary>
public static class FhirFormat
{
    public const string JsonType = "application/fhir+json";
    public const string XmlType = "application/fhir+xml";
    private const string ItemKey = "fhir.format";

    private static readonly FhirJsonSerializer Json = new();
    private static readonly FhirXmlSerializer Xml = new();

    public static FhirWireFormat? Negotiate(HttpRequest request)
    {
        if (request.Query["_format"] is { Count: > 0 } format)
            return format.ToString().Trim().ToLowerInvariant() switch
            {
                "json" or JsonType or "application/json" or "application/json+fhir" => FhirWireFormat.Json,
                "xml" or XmlType or "application/xml" or "text/xml" or "application/xml+fhir" => FhirWireFormat.Xml,
                _ => null,
            };
        var accepted = request.GetTypedHeaders().Accept;
        if (accepted is null || accepted.Count == 0) return FhirWireFormat.Json;
        foreach (var type in accepted.OrderByDescending(a => a.Quality ?? 1))
        {
            var media = type.MediaType.Value?.ToLowerInvariant();
            if (media is JsonType or "application/json" or "application/json+fhir" or "*/*" or "application/*") return FhirWireFormat.Json;
            if (media is XmlType or "application/xml" or "text/xml" or "application/xml+fhir") return FhirWireFormat.Xml;
        }
        return null;
    }

    /// <summary>Runs first on every FHIR endpoint: an unsupported format gets 406 as an OperationOutcome in JSON.</summary>
    public static TBuilder NegotiatesFhirFormat<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            if (Negotiate(context.HttpContext.Request) is { } format)
            {
                context.HttpContext.Items[ItemKey] = format;
                return await next(context);
            }
            context.HttpContext.Items[ItemKey] = FhirWireFormat.Json;
            return FhirResults.Error(StatusCodes.Status406NotAcceptable, OperationOutcome.IssueType.NotSupported,
                "This server answers FHIR as JSON (application/fhir+json) or XML (application/fhir+xml) only.");
        });

    public static FhirWireFormat Of(HttpContext http) => http.Items[ItemKey] as FhirWireFormat? ?? Negotiate(http.Request) ?? FhirWireFormat.Json;

    public static (string ContentType, string Body) Serialize(Resource resource, FhirWireFormat format) => format == FhirWireFormat.Xml
        ? (XmlType + "; charset=utf-8", Xml.SerializeToString(resource))
        : (JsonType + "; charset=utf-8", AttachmentSizeAsNumber(Json.SerializeToString(resource)));

    /// <summary>
    /// The Firely SDK (6.x) models Attachment.size as R5's integer64 for every release and writes it as a JSON string;
    /// R4's size is an unsignedInt, a JSON number, and R4 parsers (Firely's own included) refuse the string.
    /// </summary>
    private static string AttachmentSizeAsNumber(string json)
    {
        if (!json.Contains("\"attachment\"", StringComparison.Ordinal)) return json;
        var root = JsonNode.Parse(json)!;
        Fix(root);
        return root.ToJsonString();

        static void Fix(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["attachment"] is JsonObject attachment && attachment["size"] is JsonValue size
                        && size.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                        attachment["size"] = number;
                    foreach (var (_, child) in obj.ToList()) Fix(child);
                    break;
                case JsonArray array:
                    foreach (var child in array) Fix(child);
                    break;
            }
        }
    }

    public static void Vary(HttpResponse response) => response.Headers[HeaderNames.Vary] = "Accept";
}
