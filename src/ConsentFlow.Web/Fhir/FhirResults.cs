using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConsentFlow.Fhir.Mapping;
using Hl7.Fhir.Model;
using Microsoft.Net.Http.Headers;

namespace ConsentFlow.Web.Fhir;

/// <summary>
/// A FHIR resource as a response, in the negotiated format, with the version as a weak ETag and Last-Modified from
/// <c>meta</c>; a matching If-None-Match answers 304 without a body.
/// </summary>
public sealed class FhirResult(Resource resource, int statusCode) : IResult, IStatusCodeHttpResult
{
    public Resource Resource { get; } = resource;
    public int? StatusCode { get; } = statusCode;

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        var format = FhirFormat.Of(http);
        var (contentType, body) = FhirFormat.Serialize(Resource, format);
        FhirFormat.Vary(response);
        if (statusCode < 300)
        {
            var etag = ETag(Resource, body);
            response.Headers[HeaderNames.ETag] = etag;
            if (Resource.Meta?.LastUpdated is { } lastUpdated)
                response.Headers[HeaderNames.LastModified] = lastUpdated.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);
            if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(tag => tag.Trim() == etag || tag.Trim() == "*")))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        await response.WriteAsync(body, Encoding.UTF8, http.RequestAborted);
    }

    /// <summary>A versioned resource's ETag is its version (as FHIR asks); a search or case bundle's is a hash of its content.</summary>
    private static string ETag(Resource resource, string body) =>
        resource is not Bundle && resource.Meta?.VersionId is { Length: > 0 } version
            ? $"W/\"{version}\""
            : $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resource is Bundle b && b.Type == Bundle.BundleType.Searchset ? StripVolatile(b) : body)))[..16]}\"";

    /// <summary>A searchset's id and timestamp change on every call; its ETag depends only on what it found.</summary>
    private static string StripVolatile(Bundle bundle)
    {
        var copy = (Bundle)bundle.DeepCopy();
        copy.Id = null;
        copy.Meta = null;
        return FhirFormat.Serialize(copy, FhirWireFormat.Json).Body;
    }
}

public static class FhirResults
{
    public static IResult Ok(Resource resource) => new FhirResult(resource, StatusCodes.Status200OK);

    public static IResult Error(int status, OperationOutcome.IssueType code, string diagnostics) =>
        new FhirResult(BundleMapping.Outcome(code, diagnostics), status);

    public static IResult NotFound(string type, string id) =>
        Error(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not known to this server.");

    public static IResult Invalid(string diagnostics) => Error(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, diagnostics);
}
