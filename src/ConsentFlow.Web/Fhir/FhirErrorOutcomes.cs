using ConsentFlow.Fhir.Mapping;
using Hl7.Fhir.Model;

namespace ConsentFlow.Web.Fhir;

/// <summary>
/// Errors the pipeline answers before a FHIR endpoint runs (401, 403, 405, 429) carry an OperationOutcome, as FHIR
/// clients expect, instead of the API's problem details. The endpoints write their own outcomes.
/// </summary>
public static class FhirErrorOutcomes
{
    /// <summary>Register after the app's own UseStatusCodePages, so this one sees the empty response first.</summary>
    public static IApplicationBuilder UseFhirErrorOutcomes(this IApplicationBuilder app) =>
        app.UseWhen(WantsOutcome, fhir => fhir.UseStatusCodePages(context => WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode)));

    /// <summary>
    /// A FHIR client's request. A browser navigating to a FHIR URL (it asks for HTML and names no _format) keeps the
    /// app's usual answer: it would save an application/fhir+xml body as a download instead of showing it.
    /// </summary>
    public static bool WantsOutcome(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/fhir")
        && (http.Request.Query.ContainsKey("_format") || !http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));

    public static async System.Threading.Tasks.Task WriteAsync(HttpContext http, int status)
    {
        var (code, message) = status switch
        {
            StatusCodes.Status401Unauthorized => (OperationOutcome.IssueType.Login, "Sign in, or send a bearer token or an API key."),
            StatusCodes.Status403Forbidden => (OperationOutcome.IssueType.Forbidden, "Your role or key scope does not allow FHIR reads."),
            StatusCodes.Status404NotFound => (OperationOutcome.IssueType.NotFound, "Not found."),
            StatusCodes.Status405MethodNotAllowed => (OperationOutcome.IssueType.NotSupported, "This FHIR server is read-only."),
            StatusCodes.Status429TooManyRequests => (OperationOutcome.IssueType.Throttled, "Too many requests; try again later."),
            >= 500 => (OperationOutcome.IssueType.Exception, "The server could not answer."),
            _ => (OperationOutcome.IssueType.Invalid, "The request was not understood."),
        };
        var (contentType, body) = FhirFormat.Serialize(BundleMapping.Outcome(code, message), FhirFormat.Negotiate(http.Request) ?? FhirWireFormat.Json);
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        await http.Response.WriteAsync(body, http.RequestAborted);
    }
}
